"""Calendar arithmetic of the kernel: Regulation 1182/71 periods and Finnish public holidays."""
