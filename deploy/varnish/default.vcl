# Varnish 7.1 (Debian bookworm: apt-get install varnish varnish-modules) in front of the
# app hosts, behind nginx (deploy/nginx/rooyesh.conf). docs/scaling.md, "Shared HTTP cache".
#
# What it keeps is what the app says: anonymous storefront pages come with
# "Cache-Control: public, s-maxage=…, stale-while-revalidate=…" and an `xkey` header of
# surrogate keys (product-<id>, craft-<code>, centre-<slug>, maker-<id>, home, list, shop);
# everything else is "private, no-store" and passes. After each commit that changes
# public data a job (marketplace/ops/jobs.py) sends
#     PURGE / HTTP/1.1
#     xkey-purge: product-7 list
# and every page naming one of those keys is gone at once.
#
# Run: varnishd -a :6081 -f /etc/varnish/default.vcl -s malloc,256m
# and on every app host HTTP_CACHE_PURGE_URLS="http://<each varnish>:6081/".
vcl 4.1;

import cookie;
import xkey;

# The app hosts; with more than one, a round-robin director (vmod directors) over them.
backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = { .url = "/static/img/logo.svg"; .interval = 5s; .timeout = 2s; .window = 5; .threshold = 3; }
}

# Who may purge: the app hosts (their job workers). Add their addresses here.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys in an xkey-purge header"));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie) {
        cookie.parse(req.http.Cookie);
        # Cookies of substance: a session (a cart, a message, a sign-in) or a
        # remember-me cookie. Such a visitor's pages are her own: straight to the app.
        if (cookie.isset("session") || cookie.isset("remember_token")) {
            return (pass);
        }
        # Everything else (analytics and other tracking cookies, the cart_count,
        # known-device and wrote_lsn cookies of a visitor with no session) is dropped;
        # only the chosen language reaches the app and the cache key.
        cookie.keep("lang");
        set req.http.Cookie = cookie.get_string();
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
    }
    return (hash);
}

sub vcl_hash {
    # One copy per language (the app also says Vary: Cookie; the Cookie left is lang).
    if (req.http.Cookie) {
        hash_data(req.http.Cookie);
    }
    # Varnish's own: URL and Host.
}

sub vcl_backend_response {
    # The app's Cache-Control decides (s-maxage, stale-while-revalidate as grace);
    # private, no-store and Set-Cookie make Varnish's built-in rules pass. A page
    # without keys would outlive every purge: keep it only for a few seconds.
    if (beresp.ttl > 0s && !beresp.http.xkey && beresp.http.Content-Type ~ "text/html") {
        set beresp.ttl = 5s;
    }
}

sub vcl_deliver {
    unset resp.http.xkey;  # for Varnish alone
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
