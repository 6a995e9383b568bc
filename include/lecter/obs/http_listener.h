#pragma once
/// The one HTTP listener of lecter (my_conf.listen): /metrics, /healthz, /readyz and the status page.
/// Behind this interface sits civetweb, the embedded server prometheus-cpp is built on; nothing else
/// sees it. Handlers run on the listener's own threads, never on the cycle's: what they read must be
/// safe to read from there.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

namespace lecter {

/// What a route answers.
struct HttpAnswer {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

/// Answers a GET (or HEAD) of its path.
using HttpRoute = std::function<HttpAnswer()>;

/// The listener could not be started: the address is in use, not on this machine, or not allowed.
class ListenError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class HttpListener {
 public:
  virtual ~HttpListener() = default;
  /// The port listened on (the one the system chose when the address asked for port 0).
  [[nodiscard]] virtual std::uint16_t port() const = 0;
};

/// Listens on `address` ("IP:PORT" or "[IPv6]:PORT") and serves `routes`, each at exactly its path;
/// any other path is 404 and any method but GET and HEAD 405. Throws ListenError.
std::unique_ptr<HttpListener> startHttpListener(const std::string& address,
                                                std::map<std::string, HttpRoute> routes);

}  // namespace lecter
