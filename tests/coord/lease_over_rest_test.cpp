// Leases over the real RestKubeClient and CurlHttpClient, against the ApiServer fixture over HTTPS:
// the server's rules for them (support/apiserver/lease_store.h), and two replicas' LeaseLocks.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "fixture_lease_client.h"
#include "lecter/coord/lease_lock.h"
#include "lecter/kube/curl_http_client.h"
#include "lecter/kube/rest_kube_client.h"
#include "lecter/kube/token_source.h"
#include "support/apiserver/apiserver_fixture.h"
#include "support/common/manual_clock.h"

namespace lecter::testing {
namespace {

const ObjectRef kRestLease{"lecter-system", "lecter"};

class LeaseOverRestTest : public ::testing::Test {
 protected:
  using Client = FixtureLeaseClient;

  static nlohmann::json lease(long long duration_s = 15) {
    return leaseObject(kRestLease, LeaseRecord{"lecter-a", duration_s, "2027-01-15T08:00:00.000000Z",
                                               "2027-01-15T08:00:00.000000Z", 0, ""});
  }

  ApiServerFixture server_{
      ApiServerOptions{.tls = true, .tokens = {"test-token"}, .read_only_tokens = {"ro"}}};
  ManualClock clock_;
};

TEST_F(LeaseOverRestTest, TheServerKeepsLeasesByItsRules) {
  Client client(server_, "test-token");
  const KubeResult missing = client.kube.getLease(kRestLease);
  ASSERT_TRUE(missing.notFound()) << missing.describe();
  EXPECT_EQ(missing.message, "leases.coordination.k8s.io \"lecter\" not found");

  const KubeResult created = client.kube.createLease(kRestLease, lease());
  ASSERT_EQ(created.http_status, 201) << created.describe();
  const std::string version = leaseRecordOf(created.object).resource_version;
  EXPECT_FALSE(version.empty());

  const KubeResult again = client.kube.createLease(kRestLease, lease());
  EXPECT_EQ(again.http_status, 409);
  EXPECT_EQ(again.reason, "AlreadyExists");

  nlohmann::json update = created.object;
  update["spec"]["holderIdentity"] = "lecter-b";
  ASSERT_TRUE(client.kube.updateLease(kRestLease, update).ok());
  const KubeResult stale = client.kube.updateLease(kRestLease, update);  // the same resourceVersion again
  EXPECT_TRUE(stale.conflict()) << stale.describe();

  nlohmann::json unconditional = update;
  unconditional["metadata"].erase("resourceVersion");
  const KubeResult refused = client.kube.updateLease(kRestLease, unconditional);
  EXPECT_EQ(refused.http_status, 422) << refused.describe();
  EXPECT_NE(refused.message.find("metadata.resourceVersion"), std::string::npos) << refused.message;

  nlohmann::json zero = client.kube.getLease(kRestLease).object;
  zero["spec"]["leaseDurationSeconds"] = 0;
  const KubeResult invalid = client.kube.updateLease(kRestLease, zero);
  EXPECT_EQ(invalid.http_status, 422);
  EXPECT_EQ(
      invalid.message,
      "Lease.coordination.k8s.io \"lecter\" is invalid: spec.leaseDurationSeconds: Invalid value: 0: must be "
      "greater than 0");
}

TEST_F(LeaseOverRestTest, AReadOnlyTokenMayNotTakeALease) {
  Client reader(server_, "ro");
  const KubeResult refused = reader.kube.createLease(kRestLease, lease());
  EXPECT_EQ(refused.http_status, 403);
  EXPECT_NE(refused.message.find("cannot create resource \"leases\" in API group \"coordination.k8s.io\""),
            std::string::npos)
      << refused.message;
}

TEST_F(LeaseOverRestTest, TwoReplicasOneHolderAndTheOtherTakesOverOnceItIsReleased) {
  Client a_client(server_, "test-token");
  Client b_client(server_, "test-token");
  LeaseLock a(a_client.kube, kRestLease, "lecter-a", LeaseTimings{}, clock_);
  LeaseLock b(b_client.kube, kRestLease, "lecter-b", LeaseTimings{}, clock_);
  ASSERT_TRUE(a.tryAcquireOrRenew());
  EXPECT_FALSE(b.tryAcquireOrRenew());
  clock_.advance(std::chrono::seconds(2));
  ASSERT_TRUE(a.tryAcquireOrRenew());
  EXPECT_FALSE(b.tryAcquireOrRenew());
  EXPECT_EQ(b.observedHolder(), "lecter-a");
  a.release();
  EXPECT_TRUE(b.tryAcquireOrRenew());
  EXPECT_FALSE(a.tryAcquireOrRenew());
  EXPECT_EQ(a.observedHolder(), "lecter-b");
}

}  // namespace
}  // namespace lecter::testing
