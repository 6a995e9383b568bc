#include "lecter/base/json_fields.h"

#include <gtest/gtest.h>

namespace lecter {
namespace {

using nlohmann::json;

TEST(JsonMember, ReturnsThePresentMember) {
  const json object = json::parse(R"({"code":410,"metadata":{"name":"a"}})");
  EXPECT_EQ(jsonMember(object, "code"), 410);
  EXPECT_EQ(jsonMember(jsonMember(object, "metadata"), "name"), "a");
}

TEST(JsonMember, ReadsAMissingMemberOrANonObjectAsNull) {
  EXPECT_TRUE(jsonMember(json::parse(R"({"other":1})"), "code").is_null());
  EXPECT_TRUE(jsonMember(json::array({1, 2}), "code").is_null());
  EXPECT_TRUE(jsonMember(json("text"), "code").is_null());
  EXPECT_TRUE(jsonMember(json(), "code").is_null());
}

TEST(StringMember, ReadsAStringAndAnythingElseAsEmpty) {
  const json object = json::parse(R"({"reason":"Expired","code":410,"message":null})");
  EXPECT_EQ(stringMember(object, "reason"), "Expired");
  EXPECT_EQ(stringMember(object, "code"), "");
  EXPECT_EQ(stringMember(object, "message"), "");
  EXPECT_EQ(stringMember(object, "absent"), "");
  EXPECT_EQ(stringMember(json::array(), "reason"), "");
}

TEST(StringOr, ReadsAStringAndAnythingElseAsTheFallback) {
  EXPECT_EQ(stringOr(json("UDP"), "TCP"), "UDP");
  EXPECT_EQ(stringOr(json(), "TCP"), "TCP");
  EXPECT_EQ(stringOr(json(6), "TCP"), "TCP");
  EXPECT_EQ(stringOr(json::array({"UDP"}), "TCP"), "TCP");
}

TEST(MetadataString, ReadsAStringFromMetadataOnly) {
  const json object = json::parse(R"({"name":"top","metadata":{"name":"svc","generation":3}})");
  EXPECT_EQ(metadataString(object, "name"), "svc");
  EXPECT_EQ(metadataString(object, "generation"), "");
  EXPECT_EQ(metadataString(json::parse(R"({"metadata":"not an object"})"), "name"), "");
  EXPECT_EQ(metadataString(json::parse(R"({"name":"top"})"), "name"), "");
}

}  // namespace
}  // namespace lecter
