"""The Python quick start: a chat, the same chat streamed, a workflow created, listed and run, errors handled.

Run it with COZE_API_KEY set (and COZE_BASE_URL for the embedded server: ``pnpm mock`` prints both).
"""

from __future__ import annotations

from coze import APIError, CozeAPI, RequestValidationError


def main() -> None:
    with CozeAPI() as coze:  # api_key from COZE_API_KEY, base_url from COZE_BASE_URL
        chat = coze.chat.create(messages=[{"role": "user", "content": "你好"}])
        print(f"chat      {chat.id}: {chat.content}")

        print("stream    ", end="")
        with coze.chat.stream(messages=[{"role": "user", "content": "你好"}]) as stream:
            for text in stream.text_deltas():
                print(text, end="", flush=True)
        print()

        workflow = coze.workflow.create(name="quickstart", description="first", nodes=[])
        print(f"workflow  created {workflow.id} (version {workflow.version})")
        for item in coze.workflow.list(limit=10):  # follows next_cursor through every page
            print(f"listed    {item.id} {item.name}")
        run = coze.workflow.run(workflow_id=workflow.id, inputs={"input": "你好"})
        print(f"run       {run.id}: {run.status}")

        try:
            coze.chat.create(messages=[{"role": "user", "content": "你好"}], temperature=2)
        except RequestValidationError as error:  # raised before anything is sent
            print(f"invalid   {error.issues[0].message}")
        try:
            coze.workflow.get(workflow_id="wf_missing")
        except APIError as error:  # retries are spent by now: report what the server said
            print(f"error     {error.status} {type(error).__name__}, request id {error.request_id}")
        coze.workflow.delete(workflow_id=workflow.id)


if __name__ == "__main__":
    main()
