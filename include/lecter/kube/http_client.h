#pragma once
/// HTTP as the ApiServer client needs it. The real one is CurlHttpClient (libcurl); tests of the
/// client's logic use a fake that records the requests.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace lecter {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string path;  // with the query, e.g. /api/v1/namespaces/default/endpoints/redis
  HttpHeaders headers;
  std::string body;
  std::chrono::milliseconds timeout{10000};  // the whole exchange
};

struct HttpResponse {
  long status = 0;      // 0 when no response came (then `error` says why)
  HttpHeaders headers;  // names in lower case
  std::string body;
  std::string error;  // transport failure: connect, TLS, timeout

  [[nodiscard]] bool transportFailed() const { return status == 0; }
  /// First value of a header (name in lower case), or empty.
  [[nodiscard]] std::string header(const std::string& name) const;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  /// One request to the configured server. Never throws for network or HTTP errors.
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

struct TlsOptions {
  std::string ca_file;  // empty: the system store
  bool insecure_skip_verify = false;
  std::string client_cert_file;  // PEM, optional
  std::string client_key_file;   // PEM, optional
  // The same in memory (a kubeconfig's *-data fields); each wins over its file. The key is a secret:
  // never logged.
  std::string ca_pem;
  std::string client_cert_pem;
  std::string client_key_pem;
};

}  // namespace lecter
