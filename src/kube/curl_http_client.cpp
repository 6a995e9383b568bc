#include "lecter/kube/curl_http_client.h"

// The only file that includes libcurl (DESIGN.md, "Layout and seams").
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "lecter/obs/log.h"

namespace lecter {
namespace {

/// Bodies beyond this are refused rather than buffered: an Endpoints object is a few KiB.
constexpr std::size_t kMaxBodyBytes = 64 * 1024 * 1024;

/// curl_global_init is not thread-safe and must run once before any handle exists; a function-local
/// static gives both.
void initCurlOnce() {
  struct GlobalInit {
    GlobalInit() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    ~GlobalInit() { curl_global_cleanup(); }
    GlobalInit(const GlobalInit&) = delete;
    GlobalInit& operator=(const GlobalInit&) = delete;
  };
  static const GlobalInit init;
}

std::string lowerCased(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trimmed(const std::string& text) {
  constexpr const char* kWhitespace = " \t\r\n";
  const auto first = text.find_first_not_of(kWhitespace);
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(kWhitespace);
  return text.substr(first, last - first + 1);
}

/// What the callbacks fill during one transfer.
struct Transfer {
  HttpResponse response;
  bool body_too_large = false;
};

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer->response.body.size() + bytes > kMaxBodyBytes) {
    transfer->body_too_large = true;
    return 0;  // makes curl abort the transfer with CURLE_WRITE_ERROR
  }
  transfer->response.body.append(data, bytes);
  return bytes;
}

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  const std::string line(data, bytes);
  if (line.rfind("HTTP/", 0) == 0) {
    // A new status line (after a 100 Continue, say): only the final answer's headers count.
    transfer->response.headers.clear();
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon == std::string::npos) return bytes;  // the blank line that ends the headers
  transfer->response.headers.emplace_back(lowerCased(trimmed(line.substr(0, colon))),
                                          trimmed(line.substr(colon + 1)));
  return bytes;
}

/// Frees a curl header list when the request is done.
class HeaderList {
 public:
  HeaderList() = default;
  ~HeaderList() { curl_slist_free_all(list_); }
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  void add(const std::string& line) {
    if (curl_slist* longer = curl_slist_append(list_, line.c_str())) list_ = longer;
  }
  [[nodiscard]] curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

/// PEM held in memory, handed to curl without a file; curl copies it, so `pem` need not outlive the call.
void setBlob(CURL* curl, CURLoption option, const std::string& pem) {
  curl_blob blob{};
  // curl only reads the bytes (CURL_BLOB_COPY), but its struct holds a non-const pointer.
  blob.data = const_cast<char*>(pem.data());
  blob.len = pem.size();
  blob.flags = CURL_BLOB_COPY;
  curl_easy_setopt(curl, option, &blob);
}

}  // namespace

struct CurlHttpClient::Impl {
  std::string base_url;
  TlsOptions tls;
  std::function<bool()> abandon;
  CURL* handle = nullptr;
  CURLM* multi = nullptr;
};

CurlHttpClient::CurlHttpClient(std::string base_url, TlsOptions tls, std::function<bool()> abandon)
    : impl_(std::make_unique<Impl>()) {
  initCurlOnce();
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  impl_->base_url = std::move(base_url);
  impl_->tls = std::move(tls);
  impl_->abandon = std::move(abandon);
  // One easy and one multi handle for the client's life: the multi handle's connection cache keeps the
  // connection (and TLS session) open between calls.
  impl_->handle = curl_easy_init();
  impl_->multi = curl_multi_init();
}

CurlHttpClient::~CurlHttpClient() {
  if (impl_->handle != nullptr) curl_easy_cleanup(impl_->handle);
  if (impl_->multi != nullptr) curl_multi_cleanup(impl_->multi);
}

namespace {

/// Sets every option a request needs except the body callbacks: URL, timeouts, TLS, headers, method and
/// body. `error_buffer` and `headers` must outlive the transfer.
void configure(CURL* curl, const std::string& url, const TlsOptions& tls, const HttpRequest& request,
               long connect_timeout_ms, char* error_buffer, HeaderList& headers) {
  // Reset clears the previous request's options but keeps the open connections.
  curl_easy_reset(curl);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: safe beside other threads
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);

  const long timeout_ms = std::max<long>(1, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, std::max<long>(1, connect_timeout_ms));

  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, tls.insecure_skip_verify ? 0L : 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, tls.insecure_skip_verify ? 0L : 2L);
  if (!tls.ca_pem.empty()) {
    setBlob(curl, CURLOPT_CAINFO_BLOB, tls.ca_pem);
  } else if (!tls.ca_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, tls.ca_file.c_str());
  }
  if (!tls.client_cert_pem.empty()) {
    setBlob(curl, CURLOPT_SSLCERT_BLOB, tls.client_cert_pem);
  } else if (!tls.client_cert_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLCERT, tls.client_cert_file.c_str());
  }
  if (!tls.client_key_pem.empty()) {
    setBlob(curl, CURLOPT_SSLKEY_BLOB, tls.client_key_pem);
  } else if (!tls.client_key_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLKEY, tls.client_key_file.c_str());
  }

  for (const auto& [name, value] : request.headers) headers.add(name + ": " + value);
  // Without this curl waits for a 100 Continue before sending larger bodies.
  headers.add("Expect:");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());

  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty() || request.method != "DELETE") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
  }
}

/// The handle must not point at a finished call's stack frame.
void forgetStackPointers(CURL* curl) {
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
}

std::string curlError(CURLcode code, const char* error_buffer) {
  return error_buffer[0] != '\0' ? std::string(error_buffer) : curl_easy_strerror(code);
}

/// What the callbacks of a streamed transfer share.
struct StreamTransfer {
  Transfer collected;  // headers, and the body of an answer that is not 2xx
  StreamHandler* handler = nullptr;
  long status = 0;  // of the last status line
  bool started = false;
  bool abandoned = false;
  [[nodiscard]] bool success() const { return status >= 200 && status < 300; }
};

long statusOfLine(const std::string& line) {
  // "HTTP/1.1 200 OK" or "HTTP/2 200"
  const auto space = line.find(' ');
  if (space == std::string::npos) return 0;
  return std::strtol(line.c_str() + space + 1, nullptr, 10);
}

std::size_t onStreamHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<StreamTransfer*>(user);
  const std::size_t bytes = size * count;
  const std::string line(data, bytes);
  if (line.rfind("HTTP/", 0) == 0) transfer->status = statusOfLine(line);
  onHeader(data, size, count, &transfer->collected);
  // The blank line ends the headers; a 1xx answer is followed by the real one.
  if (trimmed(line).empty() && transfer->status >= 200 && !transfer->started) {
    transfer->started = true;
    if (!transfer->handler->onStart(transfer->status)) {
      transfer->abandoned = true;
      return 0;
    }
  }
  return bytes;
}

std::size_t onStreamBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<StreamTransfer*>(user);
  const std::size_t bytes = size * count;
  if (!transfer->success()) return onBody(data, size, count, &transfer->collected);
  if (!transfer->handler->onChunk(std::string_view(data, bytes))) {
    transfer->abandoned = true;
    return 0;
  }
  return bytes;
}

/// A watch may stay silent for minutes; connecting must not get that long.
constexpr long kStreamConnectTimeoutMs = 10000;
/// How often a stream asks its handler whether to stop while nothing arrives: a stop of lecter must
/// end every watch well within a second.
constexpr int kStopPollMs = 100;

/// Runs the transfer of `curl` in `multi`, so the wait for data can be cut short: curl_easy_perform
/// would only ask (through its progress callback) about once a second. Sets `abandoned` when
/// `stop_requested` ended it. The multi handle keeps the connections (and TLS sessions) between calls.
CURLcode performUntilStopped(CURLM* multi, CURL* curl, const std::function<bool()>& stop_requested,
                             bool& abandoned) {
  if (multi == nullptr) return CURLE_OUT_OF_MEMORY;
  curl_multi_add_handle(multi, curl);
  CURLcode result = CURLE_OK;
  bool done = false;
  while (!done) {
    int running = 0;
    if (curl_multi_perform(multi, &running) != CURLM_OK) {
      result = CURLE_RECV_ERROR;
      break;
    }
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &left)) {
      if (message->msg == CURLMSG_DONE) {
        result = message->data.result;
        done = true;
      }
    }
    if (done || running == 0) break;
    if (stop_requested && stop_requested()) {
      abandoned = true;
      result = CURLE_ABORTED_BY_CALLBACK;
      break;
    }
    curl_multi_poll(multi, nullptr, 0, kStopPollMs, nullptr);
  }
  curl_multi_remove_handle(multi, curl);
  return result;
}

}  // namespace

HttpResponse CurlHttpClient::send(const HttpRequest& request) {
  Transfer transfer;
  CURL* curl = impl_->handle;
  const std::string url = impl_->base_url + request.path;
  if (curl == nullptr) {
    transfer.response.error = request.method + " " + url + ": cannot create a libcurl handle";
    return transfer.response;
  }
  if (impl_->abandon && impl_->abandon()) {
    transfer.response.error = request.method + " " + url + ": not sent, lecter is stopping";
    return transfer.response;
  }
  char error_buffer[CURL_ERROR_SIZE] = {};
  HeaderList headers;
  // Connecting gets half the budget, so a dead server is reported as such rather than as a timeout.
  configure(curl, url, impl_->tls, request, static_cast<long>(request.timeout.count()) / 2, error_buffer,
            headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);

  bool abandoned = false;
  const CURLcode code = performUntilStopped(impl_->multi, curl, impl_->abandon, abandoned);
  forgetStackPointers(curl);

  if (code != CURLE_OK) {
    std::string why =
        abandoned ? std::string("abandoned, lecter is stopping") : curlError(code, error_buffer);
    if (transfer.body_too_large)
      why = "response body larger than " + std::to_string(kMaxBodyBytes) + " bytes";
    HttpResponse failed;
    failed.error = request.method + " " + url + ": " + why;
    log::debug("{} {}: {}", request.method, url, why);
    return failed;
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  transfer.response.status = status;
  if (status == 0) transfer.response.error = request.method + " " + url + ": no HTTP status in the answer";
  log::debug("{} {} -> {}", request.method, url, status);
  return transfer.response;
}

HttpResponse CurlHttpClient::stream(const HttpRequest& request, StreamHandler& handler) {
  StreamTransfer transfer;
  transfer.handler = &handler;
  CURL* curl = impl_->handle;
  const std::string url = impl_->base_url + request.path;
  if (curl == nullptr) {
    transfer.collected.response.error = request.method + " " + url + ": cannot create a libcurl handle";
    return transfer.collected.response;
  }
  char error_buffer[CURL_ERROR_SIZE] = {};
  HeaderList headers;
  configure(curl, url, impl_->tls, request,
            std::min<long>(kStreamConnectTimeoutMs, static_cast<long>(request.timeout.count())), error_buffer,
            headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onStreamBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onStreamHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  // A peer that vanishes without a FIN is found by keepalive probes instead of at the timeout.
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPIDLE, 30L);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPINTVL, 10L);

  const CURLcode code = performUntilStopped(
      impl_->multi, curl,
      [&handler, this] { return handler.stopRequested() || (impl_->abandon && impl_->abandon()); },
      transfer.abandoned);
  forgetStackPointers(curl);

  HttpResponse response = std::move(transfer.collected.response);
  if (code != CURLE_OK) {
    std::string why = transfer.abandoned ? std::string("abandoned") : curlError(code, error_buffer);
    if (transfer.collected.body_too_large)
      why = "response body larger than " + std::to_string(kMaxBodyBytes) + " bytes";
    HttpResponse failed;
    failed.headers = std::move(response.headers);
    failed.error = request.method + " " + url + ": " + why;
    log::debug("{} {}: {}", request.method, url, why);
    return failed;
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  response.status = status;
  if (status == 0) response.error = request.method + " " + url + ": no HTTP status in the answer";
  log::debug("{} {} -> {} (stream ended)", request.method, url, status);
  return response;
}

}  // namespace lecter
