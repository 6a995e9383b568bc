#include "tls_exchange.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/epoll.h>

#include <cerrno>

#include "certificate_expiry.h"
#include "lecter/base/one_line.h"
#include "probe_socket.h"
#include "tls_contexts.h"

namespace lecter {

namespace {

/// Why a handshake failed, in OpenSSL's words or the socket's.
std::string handshakeError(int ssl_error) {
  if (const std::string text = takeOpenSslError(); !text.empty()) return "TLS handshake failed: " + text;
  if (ssl_error == SSL_ERROR_SYSCALL && errno != 0) {
    return "TLS handshake failed: " + probe_socket::errorText(errno);
  }
  return "TLS handshake failed: the peer closed the connection";
}

}  // namespace

TlsExchange::TlsExchange(const ProbeTarget& target, const TlsCheck& check, TlsContexts& contexts)
    : target_(target), check_(check), contexts_(contexts) {}

TlsExchange::~TlsExchange() {
  if (ssl_ != nullptr) SSL_free(ssl_);  // the socket is the cycle's: SSL_free does not close it
}

ExchangeStep TlsExchange::begin(int fd) {
  std::string error;
  context_ = contexts_.contextFor(check_.ca_file, error);
  if (!context_) return ExchangeStep::finished(ProbeOutcome::LocalError, error);
  ssl_ = SSL_new(context_.get());
  if (ssl_ == nullptr || SSL_set_fd(ssl_, fd) != 1) {
    return ExchangeStep::finished(ProbeOutcome::LocalError, "cannot start a TLS session");
  }
  if (!check_.server_name.empty()) {
    // SSL_set_tlsext_host_name() is this call behind a macro with a C cast; OpenSSL only reads the name.
    SSL_ctrl(ssl_, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
             const_cast<char*>(check_.server_name.c_str()));
  }
  if (!check_.insecure_skip_verify) {
    // The name the certificate must be valid for, checked with the chain (SSL_get_verify_result).
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl_);
    if (!check_.server_name.empty()) {
      X509_VERIFY_PARAM_set1_host(param, check_.server_name.c_str(), 0);
    } else {
      X509_VERIFY_PARAM_set1_ip_asc(param, target_.ip.text.c_str());
    }
  }
  return handshake();
}

ExchangeStep TlsExchange::resume(std::uint32_t /*events*/) { return handshake(); }

ExchangeStep TlsExchange::handshake() {
  ERR_clear_error();
  errno = 0;
  const int done = SSL_connect(ssl_);
  if (done == 1) return judge();
  const int ssl_error = SSL_get_error(ssl_, done);
  if (ssl_error == SSL_ERROR_WANT_READ) return ExchangeStep::waitFor(EPOLLIN);
  if (ssl_error == SSL_ERROR_WANT_WRITE) return ExchangeStep::waitFor(EPOLLOUT);
  ProbeResult result;
  result.outcome = ProbeOutcome::OtherError;
  result.error = oneLine(handshakeError(ssl_error));
  result.cert_days_left = daysUntilPeerCertificateExpires(ssl_);
  return ExchangeStep::finished(std::move(result));
}

ExchangeStep TlsExchange::judge() {
  ProbeResult result;
  result.outcome = ProbeOutcome::Up;
  result.cert_days_left = daysUntilPeerCertificateExpires(ssl_);
  if (!result.cert_days_left) {
    result.outcome = ProbeOutcome::Unhealthy;
    result.error = "the server showed no certificate";
    return ExchangeStep::finished(std::move(result));
  }
  const long verified = SSL_get_verify_result(ssl_);
  if (!check_.insecure_skip_verify && verified != X509_V_OK) {
    result.outcome = ProbeOutcome::Unhealthy;
    result.error = std::string("certificate verify failed: ") + X509_verify_cert_error_string(verified);
  } else if (std::string soon = tooSoonToExpire(*result.cert_days_left, check_.min_days_valid);
             !soon.empty()) {
    result.outcome = ProbeOutcome::Unhealthy;
    result.error = std::move(soon);
  }
  return ExchangeStep::finished(std::move(result));
}

ProbeResult TlsExchange::resultAtDeadline() const {
  return timedOut("connected; the TLS handshake did not complete before the deadline");
}

}  // namespace lecter
