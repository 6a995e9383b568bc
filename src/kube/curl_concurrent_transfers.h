#pragma once
// CurlHttpClient's start()/poll(): many transfers in one libcurl multi handle, driven from the
// caller's thread. Easy handles are kept for reuse; the multi handle's connection cache keeps the
// connections (and an HTTP/2 connection's streams) between cycles.

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <string>
#include <vector>

#include "curl_easy.h"
#include "lecter/kube/http_client.h"

namespace lecter::curl {

class ConcurrentTransfers {
 public:
  ConcurrentTransfers(std::string base_url, TlsOptions tls, std::function<bool()> abandon);
  ~ConcurrentTransfers();
  ConcurrentTransfers(const ConcurrentTransfers&) = delete;
  ConcurrentTransfers& operator=(const ConcurrentTransfers&) = delete;

  void start(const HttpRequest& request, HttpDone done);
  /// See HttpClient::poll().
  std::size_t poll(std::chrono::milliseconds max_wait);

 private:
  /// One request in flight; its address is the easy handle's CURLOPT_PRIVATE.
  struct Active {
    CURL* easy = nullptr;
    HttpRequest request;  // owns the body curl reads from
    std::string url;
    Transfer transfer;
    HeaderList headers;
    char error_buffer[CURL_ERROR_SIZE] = {};
    HttpDone done;
  };
  struct Finished {
    HttpDone done;
    HttpResponse response;
  };

  /// Runs curl and moves every ended transfer into `finished`.
  void perform(std::vector<Finished>& finished);
  /// Takes the transfer out of curl; `abandoned`: it was given up because lecter is stopping.
  Finished finish(std::list<Active>::iterator active, CURLcode code, bool abandoned);
  /// Ends every transfer with "abandoned, lecter is stopping".
  void abandonAll(std::vector<Finished>& finished);
  CURL* takeEasy();

  std::string base_url_;
  TlsOptions tls_;
  std::function<bool()> abandon_;
  CURLM* multi_ = nullptr;
  std::list<Active> active_;
  std::vector<CURL*> idle_easy_;
};

}  // namespace lecter::curl
