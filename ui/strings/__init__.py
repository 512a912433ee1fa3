"""The interface's words by area, each a key → (Chinese, English) table; ui.texts joins them."""
