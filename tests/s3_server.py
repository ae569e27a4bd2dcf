"""A real S3-compatible server for the tests: moto's server mode on a free loopback port.

It checks every request's SigV4 signature against an IAM user the fixture creates (the
first three calls, which create that user, are the only unsigned ones), so a store
that signed badly, or with the wrong secret, fails here as it would on S3 or ArvanCloud.
"""

from __future__ import annotations

import itertools
import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3

from marketplace.media.storage import public_read_policy

REGION = "us-east-1"
_ALLOW_S3 = {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
_buckets = itertools.count(1)


@dataclass
class S3Server:
    url: str
    key_id: str
    secret: str
    _server: Any

    def client(self, secret: str | None = None) -> Any:
        return boto3.client("s3", endpoint_url=self.url, region_name=REGION,
                            aws_access_key_id=self.key_id,
                            aws_secret_access_key=secret or self.secret)

    def settings(self, bucket: str) -> dict[str, str]:
        """The app's S3_* configuration for `bucket` on this server."""
        return {"PHOTO_STORAGE": "s3", "S3_BUCKET": bucket, "S3_ENDPOINT_URL": self.url,
                "S3_REGION": REGION, "S3_ACCESS_KEY_ID": self.key_id,
                "S3_SECRET_ACCESS_KEY": self.secret, "UPLOAD_FOLDER": "/nonexistent"}

    def new_bucket(self) -> str:
        """A bucket set up as production's: the policy lets anyone read public/* only."""
        name = f"rooyesh-photos-{next(_buckets)}"
        client = self.client()
        client.create_bucket(Bucket=name)
        client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read_policy(name)))
        return name

    @contextmanager
    def anonymous_reads(self) -> Iterator[None]:
        """Let unsigned GETs reach the bucket's policy for a moment: while moto checks
        signatures it refuses (with a 500) every unsigned request before the policy."""
        self._auth("inf")
        try:
            yield
        finally:
            self._auth("0")

    def _auth(self, free_actions: str) -> None:
        request = urllib.request.Request(f"{self.url}/moto-api/reset-auth",
                                         data=free_actions.encode(), method="POST",
                                         headers={"Content-Type": "text/plain"})
        with urllib.request.urlopen(request) as response:
            response.read()

    def stop(self) -> None:
        self._server.stop()


def start() -> S3Server:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    s3 = S3Server(url, "", "", server)
    s3._auth("3")  # signatures checked from the fourth call on
    iam = boto3.client("iam", endpoint_url=url, region_name=REGION,
                       aws_access_key_id="setup", aws_secret_access_key="setup")
    iam.create_user(UserName="shop")
    key = iam.create_access_key(UserName="shop")["AccessKey"]
    iam.put_user_policy(UserName="shop", PolicyName="photos", PolicyDocument=json.dumps(_ALLOW_S3))
    s3.key_id, s3.secret = key["AccessKeyId"], key["SecretAccessKey"]
    return s3
