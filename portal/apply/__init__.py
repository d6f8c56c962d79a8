"""Applying for training: the question pages, the draft, check answers, the receipt."""
