"""Password hashes with argon2 (argon2-cffi)."""
