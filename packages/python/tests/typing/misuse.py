# Deliberate misuses: each line marked `error` must fail `mypy --strict` on that line, and no other line may fail.
# (Excluded from the main mypy run; test/static.test.ts checks this file on its own.)
from coze import CozeAPI
from coze.types import ChatMessageParam

coze = CozeAPI(api_key="x")
coze.chat.create(messages=[{"role": "usr", "content": "hi"}])  # error: not a ChatRole
coze.chat.create(messages=[{"role": "user"}])  # error: content is required
coze.chat.create(messages=[{"role": "user", "content": "hi", "name": "x"}])  # error: not a field
coze.chat.create(messages=[{"role": "user", "content": "hi"}], temperature="hot")  # error: not a float
coze.chat.create(messages=[{"role": "user", "content": "hi"}], temprature=0.5)  # error: no such argument
coze.workflow.get()  # error: workflow_id is required
coze.workflow.list(limit="10")  # error: not an int
ok: list[ChatMessageParam] = [{"role": "user", "content": "hi"}]
reply = coze.chat.create(messages=ok)
reply.contents  # error: a Chat has no contents
for event in coze.chat.stream(messages=ok):
    event.data.delta  # error: only a chat.message.delta event has one
    if event.event == "chat.message.delta":
        print(event.data.delta)
for workflow in coze.workflow.list():
    workflow.nme  # error: a Workflow has no nme
