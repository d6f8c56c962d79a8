"""Staff pages: the visitation inbox and case handling."""
