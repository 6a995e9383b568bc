// Pins down how the ApiServer fixture matches request paths (support/apiserver/resource_path.h): a
// segment for each `*`, never an empty one, nothing left over on either side.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/apiserver/resource_path.h"

namespace lecter::testing {
namespace {

using Segments = std::vector<std::string>;

TEST(ApiServerResourcePathTest, EachStarCapturesOneSegment) {
  EXPECT_EQ(matchPath("/api/v1/namespaces/prod/endpoints/db", "/api/v1/namespaces/*/endpoints/*"),
            (Segments{"prod", "db"}));
  EXPECT_EQ(matchPath("/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices",
                      "/apis/discovery.k8s.io/v1/namespaces/*/endpointslices"),
            (Segments{"prod"}));
}

TEST(ApiServerResourcePathTest, APathWithASegmentMoreOrLessDoesNotMatch) {
  EXPECT_FALSE(matchPath("/api/v1/namespaces/prod/endpoints", "/api/v1/namespaces/*/endpoints/*"));
  EXPECT_FALSE(matchPath("/api/v1/namespaces/prod/endpoints/db/status", "/api/v1/namespaces/*/endpoints/*"));
}

TEST(ApiServerResourcePathTest, AnEmptySegmentIsNoName) {
  EXPECT_FALSE(matchPath("/api/v1/namespaces/prod/endpoints/", "/api/v1/namespaces/*/endpoints/*"));
  EXPECT_FALSE(matchPath("/api/v1/namespaces//endpoints/db", "/api/v1/namespaces/*/endpoints/*"));
}

TEST(ApiServerResourcePathTest, FixedSegmentsMustBeEqual) {
  EXPECT_FALSE(matchPath("/api/v1/namespaces/prod/services/db", "/api/v1/namespaces/*/endpoints/*"));
  // A dot is a dot, not any character (as in the regular expressions this replaces, when escaped).
  EXPECT_FALSE(matchPath("/apis/discoveryxk8s.io/v1/namespaces/prod/endpointslices",
                         "/apis/discovery.k8s.io/v1/namespaces/*/endpointslices"));
  EXPECT_FALSE(matchPath("api/v1/namespaces/prod/endpoints/db", "/api/v1/namespaces/*/endpoints/*"));
  EXPECT_FALSE(matchPath("", "/api/v1/namespaces/*/endpoints/*"));
}

}  // namespace
}  // namespace lecter::testing
