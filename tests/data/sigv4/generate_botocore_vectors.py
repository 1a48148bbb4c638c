#!/usr/bin/env python3
"""Generates the botocore-signed SigV4 vectors beside this script (run by hand; the outputs are committed).

Each vector is <name>.sreq (the signed request as a server receives it: request line, headers, blank line, body)
and <name>.creq (botocore's canonical request). Credentials and time are those of the AWS SigV4 test suite:
AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, us-east-1, service `service`, 20150830T123600Z.
"""
import datetime
import os
from unittest import mock
from urllib.parse import urlsplit

import botocore.auth
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

HERE = os.path.dirname(os.path.abspath(__file__))
ACCESS_KEY = 'AKIDEXAMPLE'
SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
TOKEN = 'FQoGZXIvYXdzEXAMPLE//token+with/slashes=='
NOW = datetime.datetime(2015, 8, 30, 12, 36, 0)


def write(name, request, signer):
    captured = []
    original = signer.canonical_request

    def capture(req):
        captured.append(original(req))
        return captured[-1]

    signer.canonical_request = capture
    with mock.patch.object(botocore.auth, 'get_current_datetime', return_value=NOW):
        signer.add_auth(request)
    creq = captured[-1]
    parts = urlsplit(request.url)
    target = parts.path or '/'
    if parts.query:
        target += '?' + parts.query
    lines = [f'{request.method} {target} HTTP/1.1', f'Host:{parts.netloc}']
    for key, value in request.headers.items():
        lines.append(f'{key}:{value}')
    body = request.body or b''
    if isinstance(body, str):
        body = body.encode()
    with open(os.path.join(HERE, name + '.sreq'), 'wb') as out:
        out.write('\n'.join(lines).encode() + b'\n\n' + body)
    with open(os.path.join(HERE, name + '.creq'), 'w') as out:
        out.write(creq)


def main():
    plain = Credentials(ACCESS_KEY, SECRET_KEY)
    session = Credentials(ACCESS_KEY, SECRET_KEY, TOKEN)

    # Query-protocol POST as the CLI sends it (form body, charset in the content type).
    req = AWSRequest(method='POST', url='https://example.amazonaws.com/',
                     data='Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-123',
                     headers={'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8'})
    write('botocore-query-post', req, SigV4Auth(plain, 'service', 'us-east-1'))

    # JSON-protocol POST with session token and an explicit X-Amz-Content-SHA256 header.
    body = '{"cluster":"default"}'
    req = AWSRequest(method='POST', url='https://example.amazonaws.com/', data=body,
                     headers={'Content-Type': 'application/x-amz-json-1.1',
                              'X-Amz-Target': 'AmazonEC2ContainerServiceV20141113.ListTasks',
                              'X-Amz-Content-SHA256': botocore.auth.sha256(body.encode()).hexdigest()})
    write('botocore-json-session-token', req, SigV4Auth(session, 'service', 'us-east-1'))

    # A path with percent-encoded octets: non-S3 services sign the encoded path encoded once more.
    req = AWSRequest(method='GET', url='https://example.amazonaws.com/a%20b/c%2Fd/%E1%88%B4')
    write('botocore-percent-path', req, SigV4Auth(plain, 'service', 'us-east-1'))

    # Presigned GET (query-string auth), expiring after 300 seconds.
    req = AWSRequest(method='GET', url='https://example.amazonaws.com/?Action=ListThings&Version=2015-01-01&Name=a%20b')
    write('botocore-presigned', req, SigV4QueryAuth(plain, 'service', 'us-east-1', expires=300))

    # Presigned with a session token (X-Amz-Security-Token is a signed query parameter).
    req = AWSRequest(method='GET', url='https://example.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15')
    write('botocore-presigned-session-token', req, SigV4QueryAuth(session, 'service', 'us-east-1', expires=3600))


if __name__ == '__main__':
    main()
