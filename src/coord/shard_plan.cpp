#include "lecter/coord/shard_plan.h"

#include <algorithm>

namespace lecter {

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::size_t shardOf(std::string_view ns, std::string_view name, std::size_t shards) {
  if (shards < 2) return 0;
  std::string key;
  key.reserve(ns.size() + 1 + name.size());
  key.append(ns).append("/").append(name);
  return static_cast<std::size_t>(fnv1a64(key) % shards);
}

std::size_t fairShare(std::size_t shards, std::size_t live) {
  if (live == 0) return shards;
  return (shards + live - 1) / live;
}

std::vector<std::size_t> preferenceOrder(std::string_view identity, std::size_t shards) {
  std::vector<std::pair<std::uint64_t, std::size_t>> ranked;
  ranked.reserve(shards);
  for (std::size_t shard = 0; shard < shards; ++shard) {
    std::string key(identity);
    key.append("#").append(std::to_string(shard));
    ranked.emplace_back(fnv1a64(key), shard);
  }
  // Highest weight first; the shard number breaks a tie, so the order is total.
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::size_t> order;
  order.reserve(shards);
  for (const auto& [weight, shard] : ranked) order.push_back(shard);
  return order;
}

ShardMoves planShards(std::string_view identity, const ShardView& view) {
  const std::size_t share = fairShare(view.shards, view.live_replicas);
  const std::vector<std::size_t> order = preferenceOrder(identity, view.shards);
  ShardMoves moves;
  if (view.held.size() > share) {
    std::size_t surplus = view.held.size() - share;
    for (auto it = order.rbegin(); it != order.rend() && surplus > 0; ++it) {
      if (view.held.contains(*it)) {
        moves.release.push_back(*it);
        --surplus;
      }
    }
    return moves;
  }
  std::size_t wanted = share - view.held.size();
  for (const std::size_t shard : order) {
    if (wanted == 0) break;
    if (view.free.contains(shard) && !view.held.contains(shard)) {
      moves.take.push_back(shard);
      --wanted;
    }
  }
  return moves;
}

}  // namespace lecter
