/** Where nginx keeps its files in a test: everything under one temporary folder. */
export interface NginxTestLayout {
  readonly dir: string;
  readonly listenPort: number;
  readonly sidecarPort: number;
  readonly upstreamPort: number;
}

/**
 * The configuration apps/sidecar/README.md recommends, with test paths and ports: every
 * location behind `auth_request`, the original method, URI and host set by nginx
 * itself, the facts passed on (overwriting anything the client sent under those names), and
 * the refusal code returned to the client in a JSON body and the X-Tessera-Error header.
 */
export function nginxTestConfig(layout: NginxTestLayout): string {
  const { dir } = layout;
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

  server {
    listen 127.0.0.1:${layout.listenPort};

    location / {
      auth_request /_tessera;
      auth_request_set $tessera_error $upstream_http_x_tessera_error;
      auth_request_set $tessera_installation $upstream_http_x_tessera_installation;
      auth_request_set $tessera_app $upstream_http_x_tessera_app;
      auth_request_set $tessera_platform $upstream_http_x_tessera_platform;
      auth_request_set $tessera_package $upstream_http_x_tessera_package;
      auth_request_set $tessera_bundle_id $upstream_http_x_tessera_bundle_id;
      auth_request_set $tessera_version $upstream_http_x_tessera_version;
      proxy_set_header X-Tessera-Installation $tessera_installation;
      proxy_set_header X-Tessera-App $tessera_app;
      proxy_set_header X-Tessera-Platform $tessera_platform;
      proxy_set_header X-Tessera-Package $tessera_package;
      proxy_set_header X-Tessera-Bundle-Id $tessera_bundle_id;
      proxy_set_header X-Tessera-Version $tessera_version;
      error_page 401 = @tessera_refused;
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
  }
}
`;
}
