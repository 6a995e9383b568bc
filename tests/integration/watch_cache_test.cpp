// The watch cache end to end (issue 4, acceptance 1 and 2): in steady state a cycle costs the ApiServer
// nothing; with watch: false one GET per service per cycle; a 410 is followed by a new LIST; a dropped
// watch reconnects from where it was; an edit by another writer is repaired at the next cycle.
//
// Cycles are counted from lecter's own debug line "cycle over:", one per cycle.

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "lecter_test.h"

namespace lecter::testing {
namespace {

constexpr int kServices = 20;
constexpr int kSteadyCycles = 50;
constexpr auto kPatience = std::chrono::seconds(60);

std::string serviceName(int i) { return "svc-" + std::string(i < 9 ? "0" : "") + std::to_string(i + 1); }

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

std::string queryValue(const std::string& query, const std::string& key) {
  for (std::size_t at = 0; at <= query.size();) {
    const auto amp = query.find('&', at);
    const std::string pair = query.substr(at, amp == std::string::npos ? std::string::npos : amp - at);
    if (pair.rfind(key + "=", 0) == 0) return pair.substr(key.size() + 1);
    if (amp == std::string::npos) break;
    at = amp + 1;
  }
  return {};
}

bool isWatch(const RecordedRequest& r) {
  return queryValue(r.query, "watch") == "1" || queryValue(r.query, "watch") == "true";
}
bool isList(const RecordedRequest& r, const std::string& collection) {
  return r.method == "GET" && r.path == collection && !isWatch(r);
}

class WatchCacheTest : public LecterTest {
 protected:
  /// kServices services in one namespace over the same two open targets, cycles every 100 ms.
  LecterSettings manyServices(std::optional<bool> watch) {
    ips_ = openTargets(2);
    std::vector<std::string> names;
    for (int i = 0; i < kServices; ++i) names.push_back(serviceName(i));
    LecterSettings settings = settingsForServices(names, ips_);
    settings.interval_ms = 100;
    settings.watch = watch;
    return settings;
  }

  /// Starts lecter and waits until every service's Endpoints hold both targets.
  Subprocess& startAndSettle(const LecterSettings& settings) {
    Subprocess& lecter = startLecter(settings, {"--log-level", "debug"});
    const bool settled = eventually(
        [&] {
          for (int i = 0; i < kServices; ++i)
            if (api_->readyIps(kNamespace, serviceName(i)) != ips_) return false;
          return true;
        },
        kPatience);
    EXPECT_TRUE(settled) << "the Endpoints were not written";
    return lecter;
  }

  /// Waits until `n` more cycles than now have ended.
  bool cyclesPass(Subprocess& lecter, std::size_t n) {
    const std::size_t from = cycles(lecter);
    return eventually([&] { return cycles(lecter) >= from + n; }, kPatience);
  }
  static std::size_t cycles(Subprocess& lecter) { return count(lecter.err(), "cycle over:"); }

  std::vector<std::string> ips_;
};

TEST_F(WatchCacheTest, SteadyCyclesMakeNoApiServerRequestAtAll) {
  Subprocess& lecter = startAndSettle(manyServices(std::nullopt));  // watch: the default
  ASSERT_TRUE(eventually([&] { return api_->openWatches() == 2; }, kPatience))
      << "expected the watches of Services and Endpoints";
  ASSERT_TRUE(cyclesPass(lecter, 3));  // the cycles that wrote while the caches filled are over
  api_->clearRequests();

  ASSERT_TRUE(cyclesPass(lecter, kSteadyCycles));
  const auto requests = api_->requests();
  EXPECT_EQ(requests.size(), 0U) << "first: "
                                 << (requests.empty() ? "" : requests[0].method + " " + requests[0].path);
}

TEST_F(WatchCacheTest, WithoutWatchEachSteadyCycleGetsEachServicesEndpointsOnce) {
  Subprocess& lecter = startAndSettle(manyServices(false));
  EXPECT_EQ(api_->openWatches(), 0U);
  ASSERT_TRUE(cyclesPass(lecter, 2));
  api_->clearRequests();
  ASSERT_TRUE(cyclesPass(lecter, kSteadyCycles));
  const auto requests = api_->requests();

  // Every request is the GET of one service's Endpoints, each service once a cycle (the GETs of one
  // cycle are in flight together, so in no fixed order) and nothing else.
  ASSERT_GE(requests.size(), static_cast<std::size_t>(kServices * (kSteadyCycles - 1)));
  const std::string prefix = std::string("/api/v1/namespaces/") + kNamespace + "/endpoints/";
  std::map<std::string, int> gets;
  for (const auto& request : requests) {
    ASSERT_EQ(request.method, "GET") << request.path;
    ASSERT_EQ(request.path.rfind(prefix, 0), 0U) << request.path;
    ++gets[request.path.substr(prefix.size())];
  }
  ASSERT_EQ(gets.size(), static_cast<std::size_t>(kServices));
  for (int i = 0; i < kServices; ++i) {
    // The requests taken may start and end inside a cycle: one more or fewer for some services.
    const int count = gets[serviceName(i)];
    EXPECT_GE(count, kSteadyCycles - 1) << serviceName(i);
    EXPECT_LE(count, kSteadyCycles + 1) << serviceName(i);
  }
}

TEST_F(WatchCacheTest, AnExpiredWatchIsFollowedByANewListAndTheWatchesOpenAgain) {
  Subprocess& lecter = startAndSettle(manyServices(true));
  ASSERT_TRUE(eventually([&] { return api_->openWatches() == 2; }, kPatience));
  ASSERT_TRUE(cyclesPass(lecter, 2));
  const std::size_t watches_before = api_->watchRequests();
  api_->clearRequests();

  api_->expireWatchHistory();

  const std::string collection = std::string("/api/v1/namespaces/") + kNamespace + "/endpoints";
  EXPECT_TRUE(eventually(
      [&] {
        const auto requests = api_->requests();
        return std::any_of(requests.begin(), requests.end(),
                           [&](const RecordedRequest& r) { return isList(r, collection); });
      },
      kPatience))
      << "no LIST of the Endpoints after the 410";
  EXPECT_TRUE(eventually(
      [&] { return api_->openWatches() == 2 && api_->watchRequests() >= watches_before + 2; }, kPatience));
  EXPECT_NE(lecter.err().find("410 Expired"), std::string::npos);
}

TEST_F(WatchCacheTest, ADroppedWatchReconnectsFromItsLastResourceVersionWithoutListing) {
  Subprocess& lecter = startAndSettle(manyServices(true));
  ASSERT_TRUE(eventually([&] { return api_->openWatches() == 2; }, kPatience));
  ASSERT_TRUE(cyclesPass(lecter, 2));
  const std::size_t watches_before = api_->watchRequests();
  api_->clearRequests();

  api_->dropWatches();

  ASSERT_TRUE(eventually(
      [&] { return api_->openWatches() == 2 && api_->watchRequests() >= watches_before + 2; }, kPatience))
      << "the watches did not come back";
  // While the watches reconnect, cycles read the objects directly (a cache that is not synced is not
  // trusted); what must not happen is a new LIST or a watch that starts over.
  for (const auto& r : api_->requests()) {
    EXPECT_FALSE(isList(r, std::string("/api/v1/namespaces/") + kNamespace + "/endpoints") ||
                 isList(r, std::string("/api/v1/namespaces/") + kNamespace + "/services"))
        << "listed again: " << r.path;
    if (!isWatch(r)) continue;
    const std::string version = queryValue(r.query, "resourceVersion");
    EXPECT_FALSE(version.empty() || version == "0") << "a reconnect must resume, not start over: " << r.query;
  }
  // Back in sync, cycles cost nothing again.
  ASSERT_TRUE(cyclesPass(lecter, 2));
  api_->clearRequests();
  ASSERT_TRUE(cyclesPass(lecter, 5));
  EXPECT_EQ(api_->requests().size(), 0U);
}

TEST_F(WatchCacheTest, AnotherWritersEditIsRepairedAtTheNextCycleFromTheWatchAlone) {
  Subprocess& lecter = startAndSettle(manyServices(true));
  ASSERT_TRUE(eventually([&] { return api_->openWatches() == 2; }, kPatience));
  ASSERT_TRUE(cyclesPass(lecter, 3));
  api_->clearRequests();

  const std::string victim = serviceName(7);
  auto drifted = api_->endpoints(kNamespace, victim);
  ASSERT_TRUE(drifted.has_value());
  (*drifted)["subsets"][0]["addresses"] = nlohmann::json::array({{{"ip", "198.18.0.250"}}});
  const std::size_t log_before_drift = lecter.err().size();
  api_->putEndpoints(kNamespace, victim, *drifted);

  ASSERT_TRUE(eventually([&] { return api_->readyIps(kNamespace, victim) == ips_; }, kPatience))
      << "the drift was not repaired";
  // Counted in lecter's log: the cycle under way when the edit landed may have compared already and
  // ends without a write; the next one repairs. No cycle in between may miss it. lecter logs the write
  // once the PUT is answered, so the line may come a little after the repaired object.
  const std::string wrote = std::string("wrote endpoints ") + kNamespace + "/" + victim;
  std::string log;
  ASSERT_TRUE(eventually(
      [&] {
        log = lecter.err().substr(log_before_drift);
        return log.find(wrote) != std::string::npos;
      },
      kPatience))
      << "lecter did not log its repair";
  const auto repaired_at = log.find(wrote);
  EXPECT_LE(count(log.substr(0, repaired_at), "cycle over:"), 1U)
      << "the repair waited for more than one cycle";
  const auto requests = api_->requests();
  ASSERT_EQ(requests.size(), 1U) << "expected one PUT and no read (the watch showed the edit)";
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].path, std::string("/api/v1/namespaces/") + kNamespace + "/endpoints/" + victim);
}

}  // namespace
}  // namespace lecter::testing
