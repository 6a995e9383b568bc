#pragma once
// OpenSSL client contexts for the tls kind, one per CA bundle, made once and shared by every probe
// and cycle: reading a bundle of a hundred certificates costs more than a handshake. A bundle is
// read again when its file changes. Private to the probe module.

#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <string>

using SSL_CTX = struct ssl_ctx_st;

namespace lecter {

/// The oldest error OpenSSL queued on this thread, in its words, and the queue cleared; empty when
/// there was none.
std::string takeOpenSslError();

class TlsContexts {
 public:
  /// A context verifying against `ca_file` (empty: the system store). Null with `error` set when it
  /// cannot be made (the file is missing or holds no certificate). Safe to call from any thread.
  std::shared_ptr<SSL_CTX> contextFor(const std::string& ca_file, std::string& error);

 private:
  struct Entry {
    std::shared_ptr<SSL_CTX> context;
    std::timespec modified{};
  };
  std::mutex mutex_;
  std::map<std::string, Entry> contexts_;
};

}  // namespace lecter
