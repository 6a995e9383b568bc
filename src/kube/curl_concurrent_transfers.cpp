#include "curl_concurrent_transfers.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <utility>

#include "lecter/obs/log.h"

namespace lecter::curl {
namespace {

/// How long one wait may last before the stop flag is asked again: a stop must end every transfer
/// within about a tenth of a second.
constexpr std::chrono::milliseconds kStopPoll{100};
/// Connections kept open between cycles (HTTP/1.1 needs one per request in flight).
constexpr long kMaxCachedConnections = 64;

}  // namespace

ConcurrentTransfers::ConcurrentTransfers(std::string base_url, TlsOptions tls, std::function<bool()> abandon)
    : base_url_(std::move(base_url)), tls_(std::move(tls)), abandon_(std::move(abandon)) {
  initCurlOnce();
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  multi_ = epoll_fd_ < 0 ? nullptr : curl_multi_init();
  if (multi_ != nullptr) {
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &ConcurrentTransfers::onSocket);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &ConcurrentTransfers::onTimer);
    curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
    // Several requests share one HTTP/2 connection when the server offers it (the default since curl
    // 7.62, said here so it does not depend on the version).
    curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, kMaxCachedConnections);
  }
}

ConcurrentTransfers::~ConcurrentTransfers() {
  for (auto& active : active_) {
    if (multi_ != nullptr) curl_multi_remove_handle(multi_, active.easy);
    curl_easy_cleanup(active.easy);
  }
  for (CURL* easy : idle_easy_) curl_easy_cleanup(easy);
  if (multi_ != nullptr) curl_multi_cleanup(multi_);
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
}

int ConcurrentTransfers::onSocket(CURL*, curl_socket_t socket, int what, void* self, void*) {
  auto* transfers = static_cast<ConcurrentTransfers*>(self);
  if (what == CURL_POLL_REMOVE) {
    ::epoll_ctl(transfers->epoll_fd_, EPOLL_CTL_DEL, socket, nullptr);
    return 0;
  }
  epoll_event event{};
  event.data.fd = socket;
  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) event.events |= EPOLLIN;
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) event.events |= EPOLLOUT;
  // A socket curl has seen before is modified, a new one added.
  if (::epoll_ctl(transfers->epoll_fd_, EPOLL_CTL_MOD, socket, &event) != 0)
    ::epoll_ctl(transfers->epoll_fd_, EPOLL_CTL_ADD, socket, &event);
  return 0;
}

int ConcurrentTransfers::onTimer(CURLM*, long timeout_ms, void* self) {
  static_cast<ConcurrentTransfers*>(self)->timer_ms_ = timeout_ms;
  return 0;
}

CURL* ConcurrentTransfers::takeEasy() {
  if (idle_easy_.empty()) return curl_easy_init();
  CURL* easy = idle_easy_.back();
  idle_easy_.pop_back();
  return easy;
}

void ConcurrentTransfers::start(const HttpRequest& request, HttpDone done) {
  const std::string url = base_url_ + request.path;
  const auto fail = [&](const std::string& why) {
    HttpResponse failed;
    failed.error = request.method + " " + url + ": " + why;
    done(std::move(failed));
  };
  if (abandon_ && abandon_()) return fail("not sent, lecter is stopping");
  CURL* easy = multi_ == nullptr ? nullptr : takeEasy();
  if (easy == nullptr) return fail("cannot create a libcurl handle");

  active_.emplace_back();
  Active& active = active_.back();
  active.easy = easy;
  active.request = request;
  active.url = url;
  active.done = std::move(done);
  // Connecting gets half the budget, so a dead server is reported as such rather than as a timeout.
  configure(easy, active.url, tls_, active.request, static_cast<long>(request.timeout.count()) / 2,
            active.error_buffer, active.headers);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, onBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &active.transfer);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, onHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &active.transfer);
  curl_easy_setopt(easy, CURLOPT_PRIVATE, &active);
  // A request started while a connection is being set up waits to learn whether it can share it
  // (HTTP/2) instead of opening one more.
  curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
  if (curl_multi_add_handle(multi_, easy) != CURLM_OK) {
    active_.pop_back();
    idle_easy_.push_back(easy);
    fail("cannot add the transfer to libcurl's multi handle");
  }
}

ConcurrentTransfers::Finished ConcurrentTransfers::finish(std::list<Active>::iterator active, CURLcode code,
                                                          bool abandoned) {
  Finished finished{std::move(active->done), std::move(active->transfer.response)};
  HttpResponse& response = finished.response;
  const std::string& method = active->request.method;
  if (code != CURLE_OK || abandoned) {
    const std::string why = abandoned ? std::string("abandoned, lecter is stopping")
                                      : failureText(code, active->error_buffer, active->transfer);
    response = HttpResponse{};
    response.error = method + " " + active->url + ": " + why;
    log::debug("{} {}: {}", method, active->url, why);
  } else {
    curl_easy_getinfo(active->easy, CURLINFO_RESPONSE_CODE, &response.status);
    response.http_version = httpVersionOf(active->easy);
    if (response.status == 0) response.error = method + " " + active->url + ": no HTTP status in the answer";
    log::debug("{} {} -> {} ({})", method, active->url, response.status, response.http_version);
  }
  response.elapsed = elapsedOf(active->easy);
  curl_multi_remove_handle(multi_, active->easy);
  forgetStackPointers(active->easy);
  curl_easy_setopt(active->easy, CURLOPT_PRIVATE, nullptr);
  idle_easy_.push_back(active->easy);
  active_.erase(active);
  return finished;
}

void ConcurrentTransfers::collect(std::vector<Finished>& finished) {
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    void* data = nullptr;
    curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &data);
    const CURLcode code = message->data.result;
    const auto it = std::find_if(active_.begin(), active_.end(),
                                 [data](const Active& a) { return static_cast<const void*>(&a) == data; });
    if (it != active_.end()) finished.push_back(finish(it, code, false));
  }
}

void ConcurrentTransfers::drive(std::chrono::milliseconds wait) {
  int running = 0;
  if (timer_ms_ == 0) {
    // curl asked to be called at once (a new transfer, a connection to start).
    timer_ms_ = -1;
    curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
    return;
  }
  long timeout = static_cast<long>(wait.count());
  if (timer_ms_ > 0) timeout = std::min(timeout, timer_ms_);
  std::array<epoll_event, 64> events{};
  const int ready =
      ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), static_cast<int>(timeout));
  if (ready <= 0) {
    if (timer_ms_ >= 0 && timeout == timer_ms_) {
      timer_ms_ = -1;
      curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
    }
    return;
  }
  for (int i = 0; i < ready; ++i) {
    int flags = 0;
    if ((events[static_cast<std::size_t>(i)].events & EPOLLIN) != 0) flags |= CURL_CSELECT_IN;
    if ((events[static_cast<std::size_t>(i)].events & EPOLLOUT) != 0) flags |= CURL_CSELECT_OUT;
    if ((events[static_cast<std::size_t>(i)].events & (EPOLLERR | EPOLLHUP)) != 0) flags |= CURL_CSELECT_ERR;
    curl_multi_socket_action(multi_, events[static_cast<std::size_t>(i)].data.fd, flags, &running);
  }
}

void ConcurrentTransfers::abandonAll(std::vector<Finished>& finished) {
  while (!active_.empty()) finished.push_back(finish(active_.begin(), CURLE_ABORTED_BY_CALLBACK, true));
}

std::size_t ConcurrentTransfers::poll(std::chrono::milliseconds max_wait) {
  if (multi_ == nullptr || active_.empty()) return active_.size();
  std::vector<Finished> finished;
  const auto deadline = std::chrono::steady_clock::now() + max_wait;
  while (true) {
    if (abandon_ && abandon_()) {
      abandonAll(finished);
      break;
    }
    // Rounded up: a wait of less than a millisecond left must still sleep, not spin.
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    drive(std::clamp(left, std::chrono::milliseconds(0), kStopPoll));
    collect(finished);
    if (!finished.empty() || active_.empty() || std::chrono::steady_clock::now() >= deadline) break;
  }
  // Callbacks run last: they may start more transfers, which must not disturb the loop above.
  for (auto& ended : finished) ended.done(std::move(ended.response));
  return active_.size();
}

}  // namespace lecter::curl
