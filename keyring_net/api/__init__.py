"""The API's shared plumbing and the core's own endpoint: the base every
viewset inherits (``base``), authentication, pagination and error bodies
(``support``), the schema's shared error answers (``schema``), API tokens
(``tokens``) and the signed-in person (``me``). The routes are registered in
``keyring_net/api_urls.py``.

Imports nothing itself: DRF loads ``support`` from the settings while its
own view module loads."""
