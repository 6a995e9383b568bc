#pragma once
// What every libcurl transfer of CurlHttpClient shares: global initialisation, the options of a
// request, and the callbacks that collect an answer. Included only by the kube module's curl files.

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "lecter/kube/http_client.h"

namespace lecter::curl {

/// Bodies beyond this are refused rather than buffered: an Endpoints object is a few KiB.
inline constexpr std::size_t kMaxBodyBytes = 64 * 1024 * 1024;

/// curl_global_init, once, before any handle exists.
void initCurlOnce();

std::string trimmed(const std::string& text);

/// What the callbacks fill during one transfer.
struct Transfer {
  HttpResponse response;
  bool body_too_large = false;
};

/// CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION for a Transfer (their user pointer).
std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user);
std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user);

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

/// Sets every option a request needs except the body callbacks: URL, timeouts, TLS, headers, method and
/// body. `error_buffer`, `headers` and `request.body` must outlive the transfer.
void configure(CURL* curl, const std::string& url, const TlsOptions& tls, const HttpRequest& request,
               long connect_timeout_ms, char* error_buffer, HeaderList& headers);

/// The handle must not point at a finished call's stack frame.
void forgetStackPointers(CURL* curl);

std::string curlError(CURLcode code, const char* error_buffer);

/// "HTTP/1.1", "HTTP/2", … of the transfer's answer; empty when none came.
std::string httpVersionOf(CURL* curl);

/// How long the transfer took, from its start to its end (answered or failed).
std::chrono::microseconds elapsedOf(CURL* curl);

/// The failure text of a transfer that ended with `code`.
std::string failureText(CURLcode code, const char* error_buffer, const Transfer& transfer);

}  // namespace lecter::curl
