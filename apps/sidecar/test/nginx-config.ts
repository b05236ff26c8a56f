import { ERROR_HEADER, TESSERA_HEADER_NAMES } from '../src/index.js';

/** Where nginx keeps its files in a test: everything under one temporary folder. */
export interface NginxTestLayout {
  readonly dir: string;
  readonly listenPort: number;
  readonly sidecarPort: number;
  readonly upstreamPort: number;
}

/**
 * The configuration apps/sidecar/README.md recommends, with test paths and ports: every
 * location behind `auth_request`, the original method, URI and host set by nginx itself,
 * every Tessera header set from the sidecar's answer (so whatever the client sent under those
 * names is replaced, or dropped when the answer has no such fact), a refusal returned to the
 * client with its code in a JSON body and X-Tessera-Error, and a sidecar that cannot answer
 * turned into 503 instead of nginx's 500.
 */
export function nginxTestConfig(layout: NginxTestLayout): string {
  const { dir } = layout;
  const variables = TESSERA_HEADER_NAMES.map((name) => ({
    name,
    variable: `$${name.toLowerCase().replaceAll('-', '_').replace(/^x_/, '')}`,
    upstream: `$upstream_http_${name.toLowerCase().replaceAll('-', '_')}`,
  }));
  const captured = variables
    .map(({ variable, upstream }) => `      auth_request_set ${variable} ${upstream};`)
    .join('\n');
  const passedOn = variables
    .map(({ name, variable }) =>
      name === ERROR_HEADER
        ? `      proxy_set_header ${name} "";`
        : `      proxy_set_header ${name} ${variable};`,
    )
    .join('\n');
  return `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;

  upstream tessera_sidecar { server 127.0.0.1:${layout.sidecarPort}; keepalive 16; }

  map $tessera_error $tessera_failure {
    "" SIDECAR_UNAVAILABLE;
    default $tessera_error;
  }

  server {
    listen 127.0.0.1:${layout.listenPort};

    location / {
      auth_request /_tessera;
${captured}
${passedOn}
      error_page 401 = @tessera_refused;
      error_page 500 = @tessera_unavailable;
      proxy_pass http://127.0.0.1:${layout.upstreamPort};
    }

    location = /_tessera {
      internal;
      proxy_pass http://tessera_sidecar/nginx;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-Method $request_method;
      proxy_set_header X-Original-URI $request_uri;
      proxy_set_header X-Forwarded-Host $http_host;
    }

    location @tessera_refused {
      default_type application/json;
      add_header X-Tessera-Error $tessera_error always;
      return 401 '{"error":"$tessera_error"}\\n';
    }

    location @tessera_unavailable {
      default_type application/json;
      add_header X-Tessera-Error $tessera_failure always;
      return 503 '{"error":"$tessera_failure"}\\n';
    }
  }
}
`;
}
