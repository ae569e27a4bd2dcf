"""Web plumbing shared by the blueprints: role checks, sign-in support, security headers,
error pages, locale, template helpers, form fields, charts and the page cache.

Domain packages never import from here; blueprints and `create_app` do."""
