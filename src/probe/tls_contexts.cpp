#include "tls_contexts.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/stat.h>

#include <cerrno>

#include "probe_socket.h"

namespace lecter {

std::string takeOpenSslError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return {};
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

namespace {

std::string openSslError() {
  std::string text = takeOpenSslError();
  return text.empty() ? "unknown OpenSSL error" : text;
}

std::shared_ptr<SSL_CTX> makeContext(const std::string& ca_file, std::string& error) {
  std::shared_ptr<SSL_CTX> context(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
  if (!context) {
    error = "cannot make a TLS context: " + openSslError();
    return nullptr;
  }
  SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION);
  // The probe checks the result itself after the handshake, so it can still tell how long a
  // certificate it rejects has left.
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_NONE, nullptr);
  const int loaded = ca_file.empty() ? SSL_CTX_set_default_verify_paths(context.get())
                                     : SSL_CTX_load_verify_locations(context.get(), ca_file.c_str(), nullptr);
  if (loaded != 1) {
    error = "cannot read the CA file '" + ca_file + "': " + openSslError();
    return nullptr;
  }
  return context;
}

}  // namespace

std::shared_ptr<SSL_CTX> TlsContexts::contextFor(const std::string& ca_file, std::string& error) {
  std::timespec modified{};
  if (!ca_file.empty()) {
    struct stat status {};
    if (::stat(ca_file.c_str(), &status) != 0) {
      error = "cannot read the CA file '" + ca_file + "': " + probe_socket::errorText(errno);
      return nullptr;
    }
    modified = status.st_mtim;
  }
  std::lock_guard lock(mutex_);
  Entry& entry = contexts_[ca_file];
  if (!entry.context || entry.modified.tv_sec != modified.tv_sec ||
      entry.modified.tv_nsec != modified.tv_nsec) {
    entry.context = makeContext(ca_file, error);
    entry.modified = modified;
  }
  return entry.context;
}

}  // namespace lecter
