"""Segment signboards (公示牌) to print, and the public page their QR codes open."""
