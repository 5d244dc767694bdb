"""A small OpenID Connect provider on loopback for the single sign-on tests.

Token endpoint, JWKS and userinfo of the authorization code flow; the ID token is RS256-signed
with a key generated per test run. The test plays the browser and the authorization step
itself: it asks ``issue_code`` for a code, as the IdP's login page would after a login.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "teilhabe-koeln"
CLIENT_SECRET = "geheim-" + "x" * 24
KID = "test-key-1"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Grant:
    nonce: str
    claims: dict[str, Any]
    userinfo: dict[str, Any]
    signing_key: rsa.RSAPrivateKey | None = None


@dataclass
class Provider:
    key: rsa.RSAPrivateKey = field(default_factory=new_key)
    grants: dict[str, Grant] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    base: str = ""

    @property
    def issuer(self) -> str:
        return self.base

    def settings(self) -> dict[str, Any]:
        return {
            "TEILHABE_OIDC_ENABLED": True,
            "TEILHABE_OIDC_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.base}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.base}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.base}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.base}/jwks",
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_RP_SIGN_ALGO": "RS256",
        }

    def issue_code(
        self,
        *,
        nonce: str,
        email: str,
        groups: list[str],
        id_claims: dict[str, Any] | None = None,
        signing_key: rsa.RSAPrivateKey | None = None,
    ) -> str:
        sub = "sub-" + email
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": sub,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "email": email,
        } | (id_claims or {})
        userinfo = {
            "sub": sub,
            "email": email,
            "email_verified": True,
            "given_name": "Erika",
            "family_name": "Muster",
            "groups": groups,
        }
        code = secrets.token_urlsafe(16)
        self.grants[code] = Grant(
            nonce=nonce, claims=claims, userinfo=userinfo, signing_key=signing_key
        )
        return code

    def jwks(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [public | {"kid": KID, "alg": "RS256", "use": "sig"}]}

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return 401, {"error": "invalid_client"}
        grant = self.grants.pop(form.get("code", ""), None)
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        if not form.get("code_verifier"):
            return 400, {"error": "invalid_request", "error_description": "PKCE required"}
        id_token = jwt.encode(
            grant.claims, grant.signing_key or self.key, algorithm="RS256", headers={"kid": KID}
        )
        access = secrets.token_urlsafe(16)
        self.tokens[access] = grant.userinfo
        return 200, {
            "access_token": access,
            "id_token": id_token,
            "token_type": "Bearer",
            "expires_in": 300,
        }


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            provider.requests.append(f"GET {self.path}")
            if self.path == "/jwks":
                self._json(200, provider.jwks())
            elif self.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                info = provider.tokens.get(token)
                self._json(200, info) if info else self._json(401, {"error": "invalid_token"})
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            provider.requests.append(f"POST {self.path}")
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path == "/token":
                self._json(*provider.token(form))
            else:
                self._json(404, {"error": "not_found"})

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

    return Handler


def start() -> tuple[Provider, ThreadingHTTPServer]:
    provider = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return provider, server
