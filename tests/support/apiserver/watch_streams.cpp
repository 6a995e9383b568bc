#include "support/apiserver/watch_streams.h"

#include <algorithm>
#include <utility>

#include "support/apiserver/json_fields.h"
#include "support/apiserver/status.h"

namespace lecter::testing {

using nlohmann::json;

WatchStream::WatchStream(CollectionRequest request, const ObjectHistory& history, Clock::time_point now)
    : request_(std::move(request)) {
  if (request_.timeout_seconds && *request_.timeout_seconds > 0)
    deadline_ = now + std::chrono::seconds(*request_.timeout_seconds);
  // APIObjectVersioner.ParseResourceVersion: "" and "0" both mean "from any version": the watch cache
  // then starts with a synthetic ADDED event for every object it holds (cacher.go, watchCache
  // getAllEventsSinceLocked with resourceVersion 0).
  const std::uint64_t from = request_.resource_version.empty() ? 0 : std::stoull(request_.resource_version);
  if (from == 0) {
    for (json& object : history.currentObjects(request_.resource, request_.ns))
      if (request_.selects(object)) appendEvent("ADDED", std::move(object));
    sent_through_ = history.current();
  } else if (from < history.oldestWatchable()) {
    appendExpired(from, history);
  } else {
    sent_through_ = from;
  }
}

bool WatchStream::ready(const ObjectHistory& history, Clock::time_point now) const {
  return dropped_ || finishing_ || !pending_.empty() || bookmark_due_ || history.current() > sent_through_ ||
         (deadline_ && now >= *deadline_);
}

WatchStream::Batch WatchStream::poll(const ObjectHistory& history, Clock::time_point now) {
  if (dropped_) return {"", Next::Drop};
  if (!finishing_) {
    for (const ObjectChange& change : history.changesAfter(request_.resource, sent_through_)) {
      if (metadataString(*change.object, "namespace") != request_.ns) continue;
      // cacheWatcher.convertToWatchEvent: an object that starts to match is ADDED, one that stops
      // matching is DELETED (its previous content with the event's resourceVersion).
      const bool now_selected = change.type != "DELETED" && request_.selects(*change.object);
      const bool was_selected = change.previous && request_.selects(*change.previous);
      if (now_selected) {
        appendEvent(was_selected ? "MODIFIED" : "ADDED", *change.object);
      } else if (was_selected) {
        json gone = *change.previous;
        gone["metadata"]["resourceVersion"] = std::to_string(change.resource_version);
        appendEvent("DELETED", std::move(gone));
      }
    }
    sent_through_ = std::max(sent_through_, history.current());
    if (bookmark_due_) {
      // A bookmark carries an object of the watched kind with only its resourceVersion set
      // (API Concepts, "Watch bookmarks").
      appendEvent("BOOKMARK", {{"metadata", {{"resourceVersion", std::to_string(sent_through_)}}}});
    }
  }
  bookmark_due_ = false;
  Batch batch{std::move(pending_), Next::Open};
  pending_.clear();
  // timeoutSeconds limits the call's duration regardless of activity; the server then ends it cleanly.
  if (finishing_ || (deadline_ && now >= *deadline_)) batch.next = Next::Finish;
  return batch;
}

void WatchStream::expire(const ObjectHistory& history) {
  pending_.clear();
  appendExpired(sent_through_, history);
}

void WatchStream::appendEvent(const std::string& type, const json& object) {
  if (!object.contains("kind") || !object.contains("apiVersion")) {
    json typed = object;
    if (!typed.contains("kind")) typed["kind"] = request_.kind;
    if (!typed.contains("apiVersion")) typed["apiVersion"] = request_.api_version;
    return appendEvent(type, typed);
  }
  // Written out piece by piece: the stored object is shared and is not copied into an event.
  pending_ += R"({"type":)" + json(type).dump() + R"(,"object":)" + object.dump() + "}\n";
}

void WatchStream::appendExpired(std::uint64_t from, const ObjectHistory& history) {
  // The watch cache's answer to a resourceVersion it no longer holds: an ERROR event carrying a 410
  // Expired Status ("too old resource version: RV (OLDEST)", watch_cache.go), then the end of the stream.
  pending_ += json{{"type", "ERROR"},
                   {"object", statusBody(410, "Expired",
                                         "too old resource version: " + std::to_string(from) + " (" +
                                             std::to_string(history.oldestWatchable()) + ")")}}
                  .dump() +
              "\n";
  finishing_ = true;
}

std::shared_ptr<WatchStream> WatchStreams::open(CollectionRequest request, const ObjectHistory& history,
                                                WatchStream::Clock::time_point now) {
  ++requests_;
  auto stream = std::make_shared<WatchStream>(std::move(request), history, now);
  open_.push_back(stream);
  return stream;
}

void WatchStreams::close(const std::shared_ptr<WatchStream>& stream) {
  open_.erase(std::remove(open_.begin(), open_.end(), stream), open_.end());
}

void WatchStreams::expireAll(ObjectHistory& history) {
  history.compact();
  for (const auto& stream : open_) stream->expire(history);
}

void WatchStreams::dropAll() {
  for (const auto& stream : open_) stream->drop();
}

void WatchStreams::bookmarkAll() {
  for (const auto& stream : open_) stream->bookmark();
}

}  // namespace lecter::testing
