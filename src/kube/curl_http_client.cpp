#include "lecter/kube/curl_http_client.h"

// libcurl is included only by this file and the other curl_*.cpp of the kube module (DESIGN.md,
// "Layout and seams").
#include <curl/curl.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "curl_concurrent_transfers.h"
#include "curl_easy.h"
#include "lecter/obs/log.h"

namespace lecter {

using curl::configure;
using curl::curlError;
using curl::forgetStackPointers;
using curl::HeaderList;
using curl::onBody;
using curl::onHeader;
using curl::Transfer;
using curl::trimmed;

struct CurlHttpClient::Impl {
  std::string base_url;
  TlsOptions tls;
  std::function<bool()> abandon;
  CURL* handle = nullptr;
  CURLM* multi = nullptr;
  std::unique_ptr<curl::ConcurrentTransfers> concurrent;  // start()/poll(), made on first use
};

CurlHttpClient::CurlHttpClient(std::string base_url, TlsOptions tls, std::function<bool()> abandon)
    : impl_(std::make_unique<Impl>()) {
  curl::initCurlOnce();
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
  impl_->concurrent.reset();
  if (impl_->handle != nullptr) curl_easy_cleanup(impl_->handle);
  if (impl_->multi != nullptr) curl_multi_cleanup(impl_->multi);
}

namespace {

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
    const std::string why = abandoned ? std::string("abandoned, lecter is stopping")
                                      : curl::failureText(code, error_buffer, transfer);
    HttpResponse failed;
    failed.error = request.method + " " + url + ": " + why;
    failed.elapsed = curl::elapsedOf(curl);
    log::debug("{} {}: {}", request.method, url, why);
    return failed;
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  transfer.response.status = status;
  transfer.response.http_version = curl::httpVersionOf(curl);
  transfer.response.elapsed = curl::elapsedOf(curl);
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
    const std::string why = transfer.abandoned ? std::string("abandoned")
                                               : curl::failureText(code, error_buffer, transfer.collected);
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

void CurlHttpClient::start(const HttpRequest& request, HttpDone done) {
  if (!impl_->concurrent) {
    impl_->concurrent =
        std::make_unique<curl::ConcurrentTransfers>(impl_->base_url, impl_->tls, impl_->abandon);
  }
  impl_->concurrent->start(request, std::move(done));
}

std::size_t CurlHttpClient::poll(std::chrono::milliseconds max_wait) {
  return impl_->concurrent ? impl_->concurrent->poll(max_wait) : 0;
}

}  // namespace lecter
