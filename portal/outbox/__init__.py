"""The transactional outbox: messages written with the change, sent by `flask outbox send`."""
