#pragma once
/// HttpClient over libcurl: TLS verified against a CA unless told otherwise, a timeout on every call,
/// connections reused between calls. start()/poll() run many requests at once on libcurl's multi
/// interface: multiplexed on one HTTP/2 connection where the server offers it (the ApiServer does),
/// over a pool of keep-alive connections otherwise. Not thread-safe: one instance per thread.

#include <functional>
#include <memory>
#include <string>

#include "lecter/kube/http_client.h"

namespace lecter {

class CurlHttpClient final : public HttpClient {
 public:
  /// `base_url`: scheme://host:port, to which request paths are appended. Once `abandon` (optional)
  /// turns true — lecter is stopping — a request in flight is given up within about a tenth of a
  /// second and no new one is sent, whatever the server does.
  CurlHttpClient(std::string base_url, TlsOptions tls, std::function<bool()> abandon = {});
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  HttpResponse send(const HttpRequest& request) override;
  /// Also ends within about a tenth of a second once handler.stopRequested() turns true, even when
  /// nothing arrives.
  HttpResponse stream(const HttpRequest& request, StreamHandler& handler) override;
  /// Requests started are all in flight at once (the caller bounds how many); once `abandon` turns
  /// true, the next poll() ends each with an error.
  void start(const HttpRequest& request, HttpDone done) override;
  std::size_t poll(std::chrono::milliseconds max_wait) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lecter
