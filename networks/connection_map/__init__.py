"""A network's connections drawn as an SVG picture, on the server
(``drawing.render_connection_map``).

The picture works on a page and in a PDF (WeasyPrint) with no JavaScript,
and never touches the database: callers turn ``PeerConnection`` and
``CommunityConnection`` rows into the plain values below and pass them in.

- People sit evenly on an inner circle, in order of name; the CLV, when there
  is exactly one, sits in the centre.
- Places sit on an outer ring, in order of category, then name.
- Links between people are solid lines; links to places are dashed lines.
  People are circles and places are rounded squares, so nothing depends on
  colour alone. Every colour has at least 3:1 contrast against white.
- Labels longer than ``MAX_LABEL_CHARS`` are shortened with an ellipsis; the
  full label is the node's ``<title>`` (shown on hover).

The same input always gives the same output, whatever order it comes in.
Every chart needs a data table beside it (WCAG 1.1.1): see
``connections.connection_table_rows`` and
``templates/networks/_connection_map.html``.

The SVG uses presentation attributes only (no ``style``), so the
Content-Security-Policy (``style-src 'self'``) does not block it.
"""
