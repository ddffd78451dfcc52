"""Pages of the tenancy core, by area: each person's home and the
organisation switcher (``home``), the organisation's people and their roles
(``people``), and a person's own API tokens (``tokens``)."""
