"""Drawing: themes, views, DOT, icons, layout, SVG, rasterising and the walkthrough GIF."""
