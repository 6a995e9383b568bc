#include "http_exchange.h"

#include <curl/curl.h>
#include <openssl/ssl.h>
#include <regex.h>
#include <sys/epoll.h>

#include <cstring>
#include <string_view>

#include "certificate_expiry.h"
#include "lecter/base/one_line.h"

namespace lecter {

namespace {

/// The name the request is for: the TLS server_name, else the host header, else the address.
std::string hostOf(const ProbeTarget& target, const ProbeSpec& spec) {
  if (spec.kind == ProbeKind::Https && !spec.tls.server_name.empty()) return spec.tls.server_name;
  if (!spec.http.host.empty()) return spec.http.host;
  return target.ip.family == IpFamily::V6 ? "[" + target.ip.text + "]" : target.ip.text;
}

bool statusExpected(long status, const HttpCheck& check) {
  for (const StatusRange& range : check.expect_status) {
    if (status >= range.low && status <= range.high) return true;
  }
  return false;
}

bool matchesRegex(const std::string& body, const std::string& pattern) {
  regex_t regex;
  // POSIX matching does not recurse per byte as std::regex does, so a capped body cannot exhaust
  // the stack. The config module compiled the same pattern once to check it.
  if (regcomp(&regex, pattern.c_str(), REG_EXTENDED | REG_NOSUB) != 0) return false;
  const bool matched = regexec(&regex, body.c_str(), 0, nullptr, 0) == 0;
  regfree(&regex);
  return matched;
}

/// What a libcurl failure says about the target.
ProbeOutcome outcomeOfCurlError(CURLcode code) {
  switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:  // the certificate is not valid for the name, or untrusted
      return ProbeOutcome::Unhealthy;
    case CURLE_OUT_OF_MEMORY:
    case CURLE_SSL_CACERT_BADFILE:  // our CA file
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_FAILED_INIT:
    case CURLE_COULDNT_RESOLVE_HOST:  // the name is resolved to the target here, never looked up
      return ProbeOutcome::LocalError;
    default:
      return ProbeOutcome::OtherError;
  }
}

}  // namespace

struct HttpExchange::Callbacks {
  static int onSocket(CURL* /*easy*/, curl_socket_t socket, int what, void* user, void* /*socket_data*/) {
    auto* self = static_cast<HttpExchange*>(user);
    if (socket != self->fd_) return 0;
    switch (what) {
      case CURL_POLL_IN:
        self->wanted_events_ = EPOLLIN;
        break;
      case CURL_POLL_OUT:
        self->wanted_events_ = EPOLLOUT;
        break;
      case CURL_POLL_INOUT:
        self->wanted_events_ = EPOLLIN | EPOLLOUT;
        break;
      default:  // CURL_POLL_REMOVE
        self->wanted_events_ = 0;
    }
    return 0;
  }
  static int onTimer(CURLM* /*multi*/, long timeout_ms, void* user) {
    static_cast<HttpExchange*>(user)->timer_ms_ = timeout_ms;
    return 0;
  }
  /// The socket the cycle connected, once: libcurl makes no socket of its own.
  static curl_socket_t openSocket(void* user, curlsocktype /*purpose*/, curl_sockaddr* /*address*/) {
    auto* self = static_cast<HttpExchange*>(user);
    if (self->socket_handed_over_) return CURL_SOCKET_BAD;
    self->socket_handed_over_ = true;
    return self->fd_;
  }
  static int onSocketOptions(void* /*user*/, curl_socket_t /*socket*/, curlsocktype /*purpose*/) {
    return CURL_SOCKOPT_ALREADY_CONNECTED;
  }
  static int closeSocket(void* /*user*/, curl_socket_t /*socket*/) { return 0; }  // the cycle's to close
  static std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
    auto* self = static_cast<HttpExchange*>(user);
    const std::size_t bytes = size * count;
    const std::size_t room = self->spec_.http.max_body_bytes - self->body_.size();
    if (bytes > room) {
      self->body_.append(data, room);
      self->body_capped_ = true;
      return 0;  // stops the transfer (CURLE_WRITE_ERROR): the rest is not needed
    }
    self->body_.append(data, bytes);
    return bytes;
  }
  static std::size_t onHeader(char* /*data*/, std::size_t size, std::size_t count, void* user) {
    auto* self = static_cast<HttpExchange*>(user);
    if (!self->got_status_line_) {
      self->got_status_line_ = true;
      // The TLS session is there while the answer comes in; after the transfer it may be gone.
      curl_tlssessioninfo* session = nullptr;
      if (curl_easy_getinfo(self->easy_, CURLINFO_TLS_SSL_PTR, &session) == CURLE_OK && session != nullptr &&
          session->backend == CURLSSLBACKEND_OPENSSL && session->internals != nullptr) {
        self->cert_days_left_ = daysUntilPeerCertificateExpires(static_cast<const SSL*>(session->internals));
      }
    }
    return size * count;
  }
};

// No curl_global_init here: libcurl 7.84 and later (CURL_VERSION_THREADSAFE) run it, once and
// thread-safely, from the first curl_easy_init, and the ApiServer client has run it already.
HttpExchange::HttpExchange(const ProbeTarget& target, const ProbeSpec& spec) : target_(target), spec_(spec) {}

HttpExchange::~HttpExchange() {
  if (multi_ != nullptr && easy_ != nullptr) curl_multi_remove_handle(multi_, easy_);
  if (easy_ != nullptr) curl_easy_cleanup(easy_);
  if (multi_ != nullptr) curl_multi_cleanup(multi_);
  curl_slist_free_all(headers_);
  curl_slist_free_all(resolve_);
}

ExchangeStep HttpExchange::begin(int fd) {
  fd_ = fd;
  multi_ = curl_multi_init();
  easy_ = curl_easy_init();
  if (multi_ == nullptr || easy_ == nullptr)
    return ExchangeStep::finished(ProbeOutcome::LocalError, "libcurl: out of memory");
  const HttpCheck& http = spec_.http;
  const bool tls = spec_.kind == ProbeKind::Https;
  const std::string host = hostOf(target_, spec_);
  const std::string port = std::to_string(target_.port);
  const std::string url = std::string(tls ? "https://" : "http://") + host + ":" + port + http.path;
  if (host != target_.ip.text && host.front() != '[') {
    // A name: libcurl must not look it up; it is this target (the socket is connected already).
    resolve_ = curl_slist_append(resolve_, (host + ":" + port + ":" + target_.ip.text).c_str());
    curl_easy_setopt(easy_, CURLOPT_RESOLVE, resolve_);
  }
  error_buffer_.assign(CURL_ERROR_SIZE, '\0');
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_buffer_.data());
  curl_easy_setopt(easy_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy_, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy_, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(easy_, CURLOPT_USERAGENT, "lecter/" LECTER_VERSION);
  if (http.method == "HEAD") {
    curl_easy_setopt(easy_, CURLOPT_NOBODY, 1L);
  } else if (http.method != "GET") {
    curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, http.method.c_str());
  }
  if (!http.host.empty() && host != http.host)
    headers_ = curl_slist_append(headers_, ("Host: " + http.host).c_str());
  for (const auto& [name, value] : http.headers)
    headers_ = curl_slist_append(headers_, (name + ": " + value).c_str());
  headers_ = curl_slist_append(headers_, "Expect:");  // never wait for a 100 Continue
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers_);
  if (tls) {
    const bool verify = !spec_.tls.insecure_skip_verify;
    curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYPEER, verify ? 1L : 0L);
    curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYHOST, verify ? 2L : 0L);
    if (!spec_.tls.ca_file.empty()) curl_easy_setopt(easy_, CURLOPT_CAINFO, spec_.tls.ca_file.c_str());
  }
  curl_easy_setopt(easy_, CURLOPT_OPENSOCKETFUNCTION, &Callbacks::openSocket);
  curl_easy_setopt(easy_, CURLOPT_OPENSOCKETDATA, this);
  curl_easy_setopt(easy_, CURLOPT_SOCKOPTFUNCTION, &Callbacks::onSocketOptions);
  curl_easy_setopt(easy_, CURLOPT_CLOSESOCKETFUNCTION, &Callbacks::closeSocket);
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &Callbacks::onBody);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &Callbacks::onHeader);
  curl_easy_setopt(easy_, CURLOPT_HEADERDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &Callbacks::onSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &Callbacks::onTimer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
  if (curl_multi_add_handle(multi_, easy_) != CURLM_OK) {
    return ExchangeStep::finished(ProbeOutcome::LocalError, "libcurl refused the request");
  }
  return drive(CURL_SOCKET_TIMEOUT, 0);
}

ExchangeStep HttpExchange::resume(std::uint32_t events) {
  if (events == 0) return drive(CURL_SOCKET_TIMEOUT, 0);
  int what = 0;
  if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) what |= CURL_CSELECT_IN;
  if ((events & EPOLLOUT) != 0) what |= CURL_CSELECT_OUT;
  if ((events & EPOLLERR) != 0) what |= CURL_CSELECT_ERR;
  return drive(fd_, what);
}

ExchangeStep HttpExchange::drive(int socket, int what) {
  int running = 0;
  // A timer of 0 asks to be called again at once (libcurl does so right after a handle is added).
  do {
    timer_ms_ = -1;
    if (curl_multi_socket_action(multi_, socket, what, &running) != CURLM_OK) {
      return ExchangeStep::finished(ProbeOutcome::LocalError, "libcurl's multi interface failed");
    }
    socket = CURL_SOCKET_TIMEOUT;
    what = 0;
  } while (timer_ms_ == 0 && running > 0);
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
    if (message->msg == CURLMSG_DONE && message->easy_handle == easy_) return judge(message->data.result);
  }
  ExchangeStep step = ExchangeStep::waitFor(wanted_events_);
  if (timer_ms_ > 0) step.wake_after = std::chrono::milliseconds(timer_ms_);
  return step;
}

ExchangeStep HttpExchange::judge(int curl_code) {
  const auto code = static_cast<CURLcode>(curl_code);
  ProbeResult result;
  result.cert_days_left = cert_days_left_;
  long status = 0;
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && body_capped_)) {
    result.outcome = outcomeOfCurlError(code);
    const char* detail = error_buffer_.c_str();
    result.error = oneLine(*detail != '\0' ? detail : curl_easy_strerror(code));
    return ExchangeStep::finished(std::move(result));
  }
  result.outcome = ProbeOutcome::Up;
  const std::string status_text = "HTTP " + std::to_string(status);
  if (!statusExpected(status, spec_.http)) {
    result.outcome = ProbeOutcome::Unhealthy;
    result.error = status_text;
  } else if (const std::string mismatch = bodyMismatch(); !mismatch.empty()) {
    result.outcome = ProbeOutcome::Unhealthy;
    result.error = status_text + ", " + mismatch;
  } else if (cert_days_left_) {
    if (std::string soon = tooSoonToExpire(*cert_days_left_, spec_.tls.min_days_valid); !soon.empty()) {
      result.outcome = ProbeOutcome::Unhealthy;
      result.error = std::move(soon);
    }
  }
  return ExchangeStep::finished(std::move(result));
}

std::string HttpExchange::bodyMismatch() const {
  const HttpCheck& http = spec_.http;
  const char* where = body_capped_ ? " in its first " : "";
  const std::string cap = body_capped_ ? std::to_string(http.max_body_bytes) + " bytes" : "";
  if (!http.body_contains.empty() && body_.find(http.body_contains) == std::string::npos) {
    return "body lacks '" + oneLine(http.body_contains) + "'" + where + cap;
  }
  if (!http.body_matches.empty() && !matchesRegex(body_, http.body_matches)) {
    return "body does not match /" + oneLine(http.body_matches) + "/" + where + cap;
  }
  return {};
}

ProbeResult HttpExchange::resultAtDeadline() const {
  const std::string protocol = spec_.kind == ProbeKind::Https ? "HTTPS" : "HTTP";
  ProbeResult result =
      timedOut(got_status_line_ ? "connected; the " + protocol + " answer was not complete by the deadline"
                                : "connected; no " + protocol + " answer before the deadline");
  result.cert_days_left = cert_days_left_;
  return result;
}

}  // namespace lecter
