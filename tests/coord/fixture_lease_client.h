#pragma once
// One replica's ApiServer client for the coord tests over the fixture: the real RestKubeClient and
// CurlHttpClient over HTTPS, trusting the fixture's CA and sending one bearer token.

#include <chrono>
#include <string>

#include "lecter/kube/curl_http_client.h"
#include "lecter/kube/rest_kube_client.h"
#include "lecter/kube/token_source.h"
#include "support/apiserver/apiserver_fixture.h"

namespace lecter::testing {

struct FixtureLeaseClient {
  FixtureLeaseClient(const ApiServerFixture& server, const std::string& token)
      : tokens(token), http(server.url(), trusted(server)), kube(http, tokens, options()) {}
  static TlsOptions trusted(const ApiServerFixture& server) {
    TlsOptions tls;
    tls.ca_file = server.caFile();
    return tls;
  }
  static RestKubeOptions options() {
    RestKubeOptions result;
    result.content_type = "application/json";
    result.timeout = std::chrono::seconds(5);
    return result;
  }
  StaticTokenSource tokens;
  CurlHttpClient http;
  RestKubeClient kube;
};

}  // namespace lecter::testing
