#pragma once
// CurlHttpClient's start()/poll(): many transfers in one libcurl multi handle, driven from the
// caller's thread with curl_multi_socket_action over an epoll set of its own, so each wake-up touches
// only the sockets that are ready (curl_multi_perform would try every transfer on every call). Easy
// handles are kept for reuse; the multi handle's connection cache keeps the connections (and an
// HTTP/2 connection's streams) between cycles.

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

  /// Moves every transfer curl reports ended into `finished`.
  void collect(std::vector<Finished>& finished);
  /// Waits up to `wait` for a socket curl watches (or curl's own timer), then lets curl act on it.
  void drive(std::chrono::milliseconds wait);
  // libcurl's callbacks: which sockets to watch for what, and when to call it back without one.
  static int onSocket(CURL* easy, curl_socket_t socket, int what, void* self, void* socket_data);
  static int onTimer(CURLM* multi, long timeout_ms, void* self);
  /// Takes the transfer out of curl; `abandoned`: it was given up because lecter is stopping.
  Finished finish(std::list<Active>::iterator active, CURLcode code, bool abandoned);
  /// Ends every transfer with "abandoned, lecter is stopping".
  void abandonAll(std::vector<Finished>& finished);
  CURL* takeEasy();

  std::string base_url_;
  TlsOptions tls_;
  std::function<bool()> abandon_;
  CURLM* multi_ = nullptr;
  int epoll_fd_ = -1;
  long timer_ms_ = -1;  // curl's wish: act again within this (-1: no timer)
  std::list<Active> active_;
  std::vector<CURL*> idle_easy_;
};

}  // namespace lecter::curl
