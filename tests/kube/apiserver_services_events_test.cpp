// Pins down the ApiServer fixture's Services (GET) and Events (POST), over real HTTPS, as the
// apiserver answers them (see support/apiserver/event_store.h for the rules and their sources).

#include <gtest/gtest.h>

#include <string>

#include "apiserver_requests.h"
#include "support/apiserver/apiserver_fixture.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

json anEvent(const std::string& name = "db.17f0a1c2") {
  return {
      {"apiVersion", "v1"},
      {"kind", "Event"},
      {"metadata", {{"name", name}, {"namespace", "prod"}}},
      {"involvedObject", {{"apiVersion", "v1"}, {"kind", "Service"}, {"name", "db"}, {"namespace", "prod"}}},
      {"reason", "TargetDown"},
      {"message", "target node-01 198.18.0.10:5432 is down: refused"},
      {"type", "Warning"},
      {"source", {{"component", "lecter"}}},
      {"count", 1}};
}

class ApiServerServicesEventsTest : public ::testing::Test {
 protected:
  ApiServerFixture api_{ApiServerOptions{.tls = true, .tokens = {"test-token"}, .read_only_tokens = {"ro"}}};
};

TEST_F(ApiServerServicesEventsTest, AServicePutByTheTestIsReadWithUidAndResourceVersion) {
  api_.putService("prod", "db", json::parse(R"({"spec":{"ports":[{"name":"pg","port":5432}]}})"));
  const Answer answer = send(api_, "GET", "/api/v1/namespaces/prod/services/db");
  ASSERT_TRUE(answer.answered);
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body["kind"], "Service");
  EXPECT_EQ(answer.body["metadata"]["namespace"], "prod");
  EXPECT_FALSE(answer.body["metadata"].value("uid", "").empty());
  EXPECT_FALSE(answer.body["metadata"].value("resourceVersion", "").empty());
  EXPECT_EQ(answer.body["spec"]["ports"][0]["name"], "pg");
}

TEST_F(ApiServerServicesEventsTest, AnUpdatedServiceKeepsItsUid) {
  const json first = api_.putService("prod", "db", json::object());
  const json second = api_.putService("prod", "db", json::parse(R"({"spec":{"selector":{"app":"db"}}})"));
  EXPECT_EQ(first["metadata"]["uid"], second["metadata"]["uid"]);
  EXPECT_NE(first["metadata"]["resourceVersion"], second["metadata"]["resourceVersion"]);
}

TEST_F(ApiServerServicesEventsTest, AMissingServiceIsA404NotFoundStatus) {
  api_.putService("prod", "db", json::object());
  api_.deleteService("prod", "db");
  const Answer answer = send(api_, "GET", "/api/v1/namespaces/prod/services/db");
  ASSERT_TRUE(answer.answered);
  EXPECT_EQ(answer.status, 404);
  EXPECT_EQ(answer.body["kind"], "Status");
  EXPECT_EQ(answer.body["reason"], "NotFound");
  EXPECT_EQ(answer.body["message"], "services \"db\" not found");
}

TEST_F(ApiServerServicesEventsTest, AValidEventIsCreatedAndKept) {
  const Answer answer = send(api_, "POST", "/api/v1/namespaces/prod/events", anEvent().dump());
  ASSERT_TRUE(answer.answered);
  EXPECT_EQ(answer.status, 201) << answer.body.dump();
  EXPECT_FALSE(answer.body["metadata"].value("uid", "").empty());
  ASSERT_EQ(api_.events().size(), 1U);
  EXPECT_EQ(api_.events()[0]["reason"], "TargetDown");
  EXPECT_EQ(api_.events()[0]["involvedObject"]["name"], "db");
}

TEST_F(ApiServerServicesEventsTest, AYamlEventIsDecodedToo) {
  const std::string yaml =
      "apiVersion: v1\nkind: Event\nmetadata: {name: db.1, namespace: prod}\n"
      "involvedObject: {kind: Service, name: db, namespace: prod}\nreason: TargetUp\nmessage: back\n";
  const Answer answer = send(api_, "POST", "/api/v1/namespaces/prod/events", yaml, "application/yaml");
  EXPECT_EQ(answer.status, 201) << answer.body.dump();
}

TEST_F(ApiServerServicesEventsTest, ANamespaceOtherThanTheUrlsIsABadRequest) {
  json event = anEvent();
  event["metadata"]["namespace"] = "other";
  const Answer answer = send(api_, "POST", "/api/v1/namespaces/prod/events", event.dump());
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(answer.body["message"],
            "the namespace of the provided object does not match the namespace sent on the request");
  EXPECT_TRUE(api_.events().empty());
}

TEST_F(ApiServerServicesEventsTest, AnInvolvedObjectInAnotherNamespaceIsInvalid) {
  json event = anEvent();
  event["involvedObject"]["namespace"] = "other";
  const Answer answer = send(api_, "POST", "/api/v1/namespaces/prod/events", event.dump());
  EXPECT_EQ(answer.status, 422);
  EXPECT_EQ(answer.body["reason"], "Invalid");
  EXPECT_EQ(answer.body["message"],
            "Event \"db.17f0a1c2\" is invalid: involvedObject.namespace: Invalid value: \"other\": does not "
            "match event.namespace");
}

TEST_F(ApiServerServicesEventsTest, AnEventWithoutReasonMessageOrInvolvedObjectIsInvalid) {
  json event = anEvent();
  event.erase("reason");
  event.erase("message");
  event["involvedObject"].erase("name");
  const Answer answer = send(api_, "POST", "/api/v1/namespaces/prod/events", event.dump());
  EXPECT_EQ(answer.status, 422);
  EXPECT_EQ(answer.body["message"],
            "Event \"db.17f0a1c2\" is invalid: [involvedObject.name: Required value, reason: Required value, "
            "message: Required value]");
  EXPECT_TRUE(api_.events().empty());
}

TEST_F(ApiServerServicesEventsTest, AnEventWithoutANameIsInvalid) {
  json event = anEvent();
  event["metadata"].erase("name");
  const Answer answer = send(api_, "POST", "/api/v1/namespaces/prod/events", event.dump());
  EXPECT_EQ(answer.status, 422);
  EXPECT_NE(answer.body.value("message", "")
                .find("metadata.name: Required value: name or generateName is required"),
            std::string::npos)
      << answer.body.dump();
}

TEST_F(ApiServerServicesEventsTest, ANameAlreadyTakenIsAlreadyExists) {
  ASSERT_EQ(send(api_, "POST", "/api/v1/namespaces/prod/events", anEvent().dump()).status, 201);
  const Answer again = send(api_, "POST", "/api/v1/namespaces/prod/events", anEvent().dump());
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body["reason"], "AlreadyExists");
  EXPECT_EQ(api_.events().size(), 1U);
}

TEST_F(ApiServerServicesEventsTest, AReadOnlyTokenMayNotCreateEvents) {
  const Answer answer =
      send(api_, "POST", "/api/v1/namespaces/prod/events", anEvent().dump(), "application/json", "ro");
  EXPECT_EQ(answer.status, 403);
  EXPECT_EQ(answer.body["reason"], "Forbidden");
}

TEST_F(ApiServerServicesEventsTest, EventsAreCreatedNotUpdated) {
  const Answer answer = send(api_, "PUT", "/api/v1/namespaces/prod/events", anEvent().dump());
  EXPECT_EQ(answer.status, 405);
}

}  // namespace
}  // namespace lecter::testing
