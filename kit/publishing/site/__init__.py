"""The gallery site: every case study of rendered/ as a static website (`blueprint site`, `make site`).

`sections` orders the catalogue, `images` names and completes the files a page shows, `markup`
turns a summary into HTML, `pages` writes the pages and the search index, and `build` puts it all
in one folder. Nothing here draws a diagram: the site reads what `blueprint render` wrote.
"""
