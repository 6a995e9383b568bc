#pragma once
/// The fixture's open watches, as the apiserver's watch cache serves them (staging/src/k8s.io/apiserver/
/// pkg/storage/cacher): each stream replays the ObjectHistory after its resourceVersion, filtered by its
/// selectors, one JSON watch event per line ({"type":…,"object":…}). The HTTP side (chunked transfer)
/// is the fixture's; these classes only decide what each stream sends next.
/// Not thread-safe: the fixture locks around them.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/apiserver/collection_routes.h"
#include "support/apiserver/object_history.h"

namespace lecter::testing {

class WatchStream {
 public:
  using Clock = std::chrono::steady_clock;

  /// How a stream goes on after a batch.
  enum class Next {
    Open,    // more may come
    Finish,  // the server ends the response cleanly (timeoutSeconds, after an ERROR event)
    Drop,    // the connection is closed without ending the response
  };
  struct Batch {
    std::string lines;  // whole events, each ending in '\n'; may be empty
    Next next = Next::Open;
  };

  /// Starts a watch of `request` (request.watch set) against the history as it is now: from
  /// resourceVersion "" or "0", a synthetic ADDED for each selected object first; from an RV older than
  /// history.oldestWatchable(), one ERROR event (410 Expired Status) and the end.
  WatchStream(CollectionRequest request, const ObjectHistory& history, Clock::time_point now);

  /// Whether poll() has something to say (events, bookmark, ending) at `now`.
  [[nodiscard]] bool ready(const ObjectHistory& history, Clock::time_point now) const;
  /// What to send now; marks it as sent.
  Batch poll(const ObjectHistory& history, Clock::time_point now);

  /// The history was compacted under this stream: it gets the 410 ERROR event and ends.
  void expire(const ObjectHistory& history);
  /// The connection drops: the stream ends without another byte.
  void drop() { dropped_ = true; }
  /// Sends a BOOKMARK with the current resourceVersion if the client asked for bookmarks.
  void bookmark() { bookmark_due_ = request_.allow_bookmarks; }

  [[nodiscard]] const CollectionRequest& request() const { return request_; }

 private:
  void appendEvent(const std::string& type, const nlohmann::json& object);
  void appendExpired(std::uint64_t from, const ObjectHistory& history);

  CollectionRequest request_;
  std::uint64_t sent_through_ = 0;  // every change up to this resourceVersion has been considered
  std::string pending_;
  bool finishing_ = false;  // send pending_, then end cleanly
  bool dropped_ = false;
  bool bookmark_due_ = false;
  std::optional<Clock::time_point> deadline_;
};

/// Every watch stream the fixture has open, and the switches tests flip on all of them at once.
class WatchStreams {
 public:
  /// Opens a stream (see WatchStream) and counts the watch request.
  std::shared_ptr<WatchStream> open(CollectionRequest request, const ObjectHistory& history,
                                    WatchStream::Clock::time_point now);
  /// The HTTP response of `stream` is over.
  void close(const std::shared_ptr<WatchStream>& stream);

  /// Compacts `history` and gives every open stream the 410 ERROR event.
  void expireAll(ObjectHistory& history);
  void dropAll();
  void bookmarkAll();

  [[nodiscard]] std::size_t openCount() const { return open_.size(); }
  [[nodiscard]] std::size_t requestCount() const { return requests_; }

 private:
  std::vector<std::shared_ptr<WatchStream>> open_;
  std::size_t requests_ = 0;
};

}  // namespace lecter::testing
