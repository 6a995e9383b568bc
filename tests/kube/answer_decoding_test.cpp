#include "lecter/kube/answer_decoding.h"

#include <gtest/gtest.h>

#include <string>

namespace lecter {
namespace {

using nlohmann::json;

json endpoints() {
  return json::parse(R"({"kind":"Endpoints","apiVersion":"v1",
    "metadata":{"name":"pg","namespace":"db","resourceVersion":"7","uid":"u-1",
                "labels":{"a":"b"},"annotations":{"note":"x"},
                "ownerReferences":[{"apiVersion":"v1","kind":"Service","name":"pg","uid":"s-1"}]},
    "subsets":[{"addresses":[{"ip":"198.18.0.10","nodeName":"n1"}],
                "notReadyAddresses":[{"ip":"198.18.0.11"}],
                "ports":[{"port":5432,"name":"pg","protocol":"TCP"}]}]})");
}

json slice() {
  return json::parse(R"({"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1",
    "metadata":{"name":"pg-lecter","namespace":"db","resourceVersion":"9"},
    "addressType":"IPv4",
    "endpoints":[{"addresses":["198.18.0.10"],"conditions":{"ready":true,"serving":true,"terminating":false}}],
    "ports":[{"name":"pg","port":5432,"protocol":"TCP"}]})");
}

json service() {
  return json::parse(R"({"kind":"Service","apiVersion":"v1",
    "metadata":{"name":"pg","namespace":"db","resourceVersion":"3","uid":"s-1"},
    "spec":{"ports":[{"name":"pg","port":5432,"targetPort":"pg"},{"port":80,"targetPort":8080}],"type":"ClusterIP"}})");
}

const ExpectedObject kPg{ObjectKind::Endpoints, "db", "pg"};

std::string problemOf(const json& object, const ExpectedObject& expected = kPg) {
  return answerProblem(object, expected).value_or("(none)");
}

TEST(AnswerDecodingTest, WellFormedObjectsOfEachKindPass) {
  EXPECT_EQ(problemOf(endpoints()), "(none)");
  EXPECT_EQ(problemOf(slice(), {ObjectKind::EndpointSlice, "db", "pg-lecter"}), "(none)");
  EXPECT_EQ(problemOf(service(), {ObjectKind::Service, "db", "pg"}), "(none)");
}

TEST(AnswerDecodingTest, UnknownFieldsAreIgnored) {
  json object = endpoints();
  object["metadata"]["managedFields"] = json::array({{{"manager", "kubectl"}, {"fieldsV1", {{"f:x", 1}}}}});
  object["somethingNew"] = {{"nested", {1, 2, 3}}};
  EXPECT_EQ(problemOf(object), "(none)");
}

TEST(AnswerDecodingTest, AResourceVersionThatIsANumberNamesTheFieldAndBothTypes) {
  json object = endpoints();
  object["metadata"]["resourceVersion"] = 7;
  EXPECT_EQ(problemOf(object), "metadata.resourceVersion: expected a string, got a number");
}

TEST(AnswerDecodingTest, AnObjectWithoutResourceVersionIsRefusedSoNoWriteIsUnconditional) {
  json object = endpoints();
  object["metadata"].erase("resourceVersion");
  EXPECT_EQ(problemOf(object), "metadata.resourceVersion: missing");
}

TEST(AnswerDecodingTest, AnotherKindIsRefusedEvenWithStatus200) {
  const json status = json::parse(R"({"kind":"Status","apiVersion":"v1","status":"Success","code":200})");
  EXPECT_EQ(problemOf(status), "kind: expected Endpoints, got Status");
  json svc = service();
  EXPECT_EQ(problemOf(svc), "kind: expected Endpoints, got Service");
}

TEST(AnswerDecodingTest, AnotherObjectsNameOrNamespaceIsRefused) {
  json object = endpoints();
  object["metadata"]["name"] = "other";
  EXPECT_EQ(problemOf(object), "metadata.name: expected pg, got other");
  object = endpoints();
  object["metadata"]["namespace"] = "prod";
  EXPECT_EQ(problemOf(object), "metadata.namespace: expected db, got prod");
}

TEST(AnswerDecodingTest, AWrongApiVersionIsRefused) {
  json object = slice();
  object["apiVersion"] = "discovery.k8s.io/v1beta1";
  EXPECT_EQ(problemOf(object, {ObjectKind::EndpointSlice, "db", "pg-lecter"}),
            "apiVersion: expected discovery.k8s.io/v1, got discovery.k8s.io/v1beta1");
}

TEST(AnswerDecodingTest, AnIpThatIsANumberNamesItsPlaceInTheSubsets) {
  json object = endpoints();
  object["subsets"][0]["notReadyAddresses"][0]["ip"] = 3323068427LL;
  EXPECT_EQ(problemOf(object), "subsets[0].notReadyAddresses[0].ip: expected a string, got a number");
}

TEST(AnswerDecodingTest, AnnotationsThatAreNotAStringMapAreRefusedSoOthersAnnotationsAreNotDropped) {
  json object = endpoints();
  object["metadata"]["annotations"] = json::array({"x"});
  EXPECT_EQ(problemOf(object), "metadata.annotations: expected a map of strings, got an array");
  object["metadata"]["annotations"] = {{"ok", "1"}, {"bad", true}};
  EXPECT_EQ(problemOf(object), "metadata.annotations.bad: expected a string, got a boolean");
}

TEST(AnswerDecodingTest, APortThatIsAStringIsRefused) {
  json object = endpoints();
  object["subsets"][0]["ports"][0]["port"] = "5432";
  EXPECT_EQ(problemOf(object), "subsets[0].ports[0].port: expected an integer, got a string");
}

TEST(AnswerDecodingTest, SliceFieldsAreCheckedToo) {
  const ExpectedObject expected{ObjectKind::EndpointSlice, "db", "pg-lecter"};
  json object = slice();
  object["endpoints"][0]["addresses"][0] = 1;
  EXPECT_EQ(problemOf(object, expected), "endpoints[0].addresses[0]: expected a string, got a number");
  object = slice();
  object["endpoints"][0]["conditions"]["ready"] = "true";
  EXPECT_EQ(problemOf(object, expected), "endpoints[0].conditions.ready: expected a boolean, got a string");
  object = slice();
  object.erase("addressType");
  EXPECT_EQ(problemOf(object, expected), "addressType: missing");
}

TEST(AnswerDecodingTest, AServiceUidThatIsANumberIsRefused) {
  json object = service();
  object["metadata"]["uid"] = 12;
  EXPECT_EQ(problemOf(object, {ObjectKind::Service, "db", "pg"}),
            "metadata.uid: expected a string, got a number");
  object = service();
  object["spec"]["ports"][1]["targetPort"] = json::object();
  EXPECT_EQ(problemOf(object, {ObjectKind::Service, "db", "pg"}),
            "spec.ports[1].targetPort: expected an integer or a string, got an object");
}

TEST(AnswerDecodingTest, ListItemsAreCheckedAndNamedByIndex) {
  json list = {{"kind", "EndpointSliceList"},
               {"apiVersion", "discovery.k8s.io/v1"},
               {"metadata", {{"resourceVersion", "20"}}},
               {"items", json::array({slice(), slice()})}};
  list["items"][1].erase("kind");  // list items come without kind
  const ExpectedObject expected{ObjectKind::EndpointSliceList, "db", ""};
  EXPECT_EQ(problemOf(list, expected), "(none)");
  list["items"][1]["metadata"]["resourceVersion"] = 9;
  EXPECT_EQ(problemOf(list, expected), "items[1].metadata.resourceVersion: expected a string, got a number");
  list["items"] = json::array({slice()});
  list["items"][0]["metadata"]["namespace"] = "other";
  EXPECT_EQ(problemOf(list, expected), "items[0].metadata.namespace: expected db, got other");
  list["metadata"]["resourceVersion"] = 20;
  EXPECT_EQ(problemOf(list, expected), "metadata.resourceVersion: expected a string, got a number");
}

TEST(AnswerDecodingTest, AWatchedObjectMayLackKindButNotCarryAnotherOne) {
  json object = endpoints();
  object.erase("kind");
  object.erase("apiVersion");
  EXPECT_EQ(itemProblem(object, ObjectKind::Endpoints).value_or("(none)"), "(none)");
  object["kind"] = "Service";
  EXPECT_EQ(itemProblem(object, ObjectKind::Endpoints).value_or("(none)"),
            "kind: expected Endpoints, got Service");
}

TEST(AnswerDecodingTest, ADeleteMayBeAnsweredWithAStatusOrTheObject) {
  const ExpectedObject expected{ObjectKind::DeleteResult, "db", "pg-lecter"};
  EXPECT_EQ(problemOf(json::parse(R"({"kind":"Status","status":"Success"})"), expected), "(none)");
  EXPECT_EQ(problemOf(slice(), expected), "(none)");
  EXPECT_EQ(problemOf(json::array(), expected), "(answer): expected a JSON object, got an array");
}

TEST(AnswerDecodingTest, StatusFieldsOfAnotherTypeReadAsAbsent) {
  const auto status = statusOf(json::parse(R"({"kind":"Status","code":"409","reason":7,"message":"m"})"));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->code, 0);
  EXPECT_EQ(status->reason, "");
  EXPECT_EQ(status->message, "m");
  EXPECT_FALSE(statusOf(endpoints()).has_value());
}

}  // namespace
}  // namespace lecter
