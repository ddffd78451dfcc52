"""The rows the member's rights need: requests, holds, releases."""
