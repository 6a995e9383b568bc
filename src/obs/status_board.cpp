#include "lecter/obs/status_board.h"

#include <algorithm>
#include <utility>

namespace lecter {

bool StatusSnapshot::everyServiceHealthy() const {
  return std::all_of(services.begin(), services.end(),
                     [](const StatusService& service) { return service.healthy > 0; });
}

std::vector<StatusService> summarizeServices(const std::vector<StatusTarget>& targets) {
  std::vector<StatusService> services;
  std::map<std::string, std::size_t> index;
  for (const StatusTarget& target : targets) {
    auto [at, added] = index.try_emplace(target.service, services.size());
    if (added) services.push_back(StatusService{target.service, 0, 0, "", ""});
    StatusService& service = services[at->second];
    ++service.targets;
    if (target.state == "healthy") ++service.healthy;
  }
  return services;
}

std::string electionLine(const StatusElection& election) {
  if (election.shards > 0) {
    std::string owned;
    for (const std::size_t shard : election.owned_shards)
      owned += (owned.empty() ? "" : ", ") + std::to_string(shard);
    return "this replica (" + election.identity + ") owns " + std::to_string(election.owned_shards.size()) +
           " of " + std::to_string(election.shards) + " shards" + (owned.empty() ? "" : " (" + owned + ")") +
           " and writes their services; " + std::to_string(election.replicas) +
           (election.replicas == 1 ? " replica" : " replicas") + " alive";
  }
  if (election.leading) return "this replica (" + election.identity + ") leads and writes";
  return "this replica (" + election.identity + ") follows; " +
         (election.leader.empty() ? std::string("no replica holds the lease") : election.leader + " writes");
}

StatusBoard::StatusBoard(std::string version, std::size_t history_cycles)
    : history_cycles_(std::max<std::size_t>(history_cycles, 1)) {
  current_.version = std::move(version);
}

void StatusBoard::setElection(StatusElection election) {
  std::lock_guard lock(mutex_);
  current_.election = std::move(election);
}

void StatusBoard::recordCycle(std::vector<StatusTarget> targets, std::vector<StatusService> services,
                              long long at_ms) {
  if (targets.empty()) return;
  std::lock_guard lock(mutex_);
  // Keyed as the stores key targets; a target dropped from the config loses its history with it.
  std::map<std::pair<std::string, std::string>, std::vector<StatusSample>*> kept;
  for (StatusTarget& old : current_.targets) kept[{old.service, old.address}] = &old.history;
  for (StatusTarget& target : targets) {
    if (auto it = kept.find({target.service, target.address}); it != kept.end())
      target.history = std::move(*it->second);
    target.history.push_back(StatusSample{target.latency_us, target.outcome == "up"});
    if (target.history.size() > history_cycles_)
      target.history.erase(target.history.begin(),
                           target.history.end() - static_cast<std::ptrdiff_t>(history_cycles_));
  }
  current_.targets = std::move(targets);
  current_.services = std::move(services);
  current_.generated_ms = at_ms;
}

StatusSnapshot StatusBoard::snapshot() const {
  std::lock_guard lock(mutex_);
  return current_;
}

}  // namespace lecter
