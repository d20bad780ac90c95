// Loaded with `--import` into the action's process by runAction({ internet }): the stand-in for
// the internet a hosted runner has. Every https request (fetch, and https.request, which
// @actions/tool-cache uses) goes to the loopback server in INTERNET_STANDIN instead, as
// `<server>/<host>/<path>`; nothing leaves the machine. The action's own code is unchanged.
import http from 'node:http';
import https from 'node:https';

const standIn = new URL(process.env.INTERNET_STANDIN ?? '');
const redirect = (url) => new URL(`/${url.host}${url.pathname}${url.search}`, standIn);

const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  return realFetch(url.protocol === 'https:' ? redirect(url) : input, init);
};

https.request = (first, second, third) => {
  const target =
    typeof first === 'string' || first instanceof URL
      ? new URL(first)
      : new URL(`https://${first.hostname ?? first.host}${first.path ?? '/'}`);
  const options = typeof first === 'object' && !(first instanceof URL) ? first : second;
  const callback = typeof second === 'function' ? second : third;
  const to = redirect(target);
  return http.request(
    {
      protocol: 'http:',
      hostname: to.hostname,
      port: to.port,
      path: `${to.pathname}${to.search}`,
      method: options?.method ?? 'GET',
      headers: options?.headers,
    },
    callback,
  );
};
https.get = (...args) => {
  const request = https.request(...args);
  request.end();
  return request;
};
