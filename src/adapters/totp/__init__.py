"""Time-based one-time codes (RFC 6238) with pyotp."""
