"""The site's own Markdown extensions and whole-site functions.

Per-page features are Python-Markdown extensions, listed under ``markdown_extensions:`` in
``mkdocs.yml``, so MkDocs and Zensical both run them:

- ``site_ext.citations``: ``[@key]`` citations as numbered markers with tooltips, the References
  list, and the bibliography page;
- ``site_ext.glossary``: glossary tooltips on every term (decorated once per section) and the
  glossary page;
- ``site_ext.math``: TeX to MathML with KaTeX at build time;
- ``site_ext.notes``: each note's furniture (last-updated line, Updates section, Report an error
  link, pages that link here, Cite this page) and the What's new page.

Whole-site data (titles, link graph, citations, git dates, updates) comes from plain functions over
``docs/`` in ``site_ext.sources``; the MkDocs hook in ``hooks/`` adds what needs the built site
(feed, llms.txt, markup fixes). An extension learns which page it renders from ``site_ext.context``.
"""
