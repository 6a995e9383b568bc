#pragma once
/// HTTP as the ApiServer client needs it. The real one is CurlHttpClient (libcurl); tests of the
/// client's logic use a fake that records the requests.

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
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
  std::string error;                     // transport failure: connect, TLS, timeout
  std::string http_version;              // of the answer: "HTTP/1.1", "HTTP/2"; empty when unknown
  std::chrono::microseconds elapsed{0};  // from the start of the request to its answer or failure

  [[nodiscard]] bool transportFailed() const { return status == 0; }
  /// First value of a header (name in lower case), or empty.
  [[nodiscard]] std::string header(const std::string& name) const;
};

/// Receives a response body as it arrives (a watch stream). Called on the thread that called stream().
class StreamHandler {
 public:
  virtual ~StreamHandler() = default;
  /// The status line and headers are in. Return false to abandon the transfer.
  virtual bool onStart(long status) = 0;
  /// A piece of a 2xx body, any size (a line may span pieces). Return false to abandon the transfer.
  virtual bool onChunk(std::string_view chunk) = 0;
  /// Asked while the transfer waits for data, several times a second: true abandons it.
  [[nodiscard]] virtual bool stopRequested() const = 0;
};

/// Receives the answer of a request started with HttpClient::start().
using HttpDone = std::function<void(HttpResponse)>;

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  /// One request to the configured server. Never throws for network or HTTP errors.
  virtual HttpResponse send(const HttpRequest& request) = 0;
  /// One request whose 2xx body goes to `handler` as it arrives instead of into the response (whose
  /// `body` then stays empty); the body of any other status is collected as send() does. Ends when
  /// the server ends the body, the connection breaks (`error` says so), `request.timeout` passes, or
  /// the handler abandons it (`error` then says "abandoned"). Never throws for network or HTTP errors.
  virtual HttpResponse stream(const HttpRequest& request, StreamHandler& handler) {
    (void)handler;
    HttpResponse unsupported;
    unsupported.error = request.method + " " + request.path + ": streaming is not supported by this client";
    return unsupported;
  }

  /// Starts `request` beside the others in flight and returns; `done` receives its answer from inside
  /// a later poll(), and may start more requests. This default sends it at once and waits (one after
  /// another), so a client without concurrency still serves callers written for it.
  virtual void start(const HttpRequest& request, HttpDone done) { done(send(request)); }
  /// Drives the started requests for at most `max_wait`, returning as soon as one or more have ended
  /// (their `done` has run then). Returns how many are still in flight. Independent of send(): a
  /// send() meanwhile neither waits for them nor runs their callbacks.
  virtual std::size_t poll(std::chrono::milliseconds max_wait) {
    (void)max_wait;
    return 0;
  }
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
