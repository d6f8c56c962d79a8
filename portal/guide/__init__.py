"""/hvilket-tilbud: a few questions that tell which offer or route fits."""
