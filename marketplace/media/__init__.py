"""Photos: the image pipeline, photo rows and galleries, and the printed item labels (QR)."""
