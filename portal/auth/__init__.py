"""Sign-in, sessions, fuldmagt (acting for someone) and the audit log."""
