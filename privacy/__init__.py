"""The member's rights over their records: subject access, correction,
retention and erasure, and who looked."""
