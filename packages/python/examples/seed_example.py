# The platform reference's Python SDK example, as written (only the call of example() at the end is added).
# Run it against the embedded server: COZE_BASE_URL=http://127.0.0.1:4010/v1 python examples/seed_example.py
from coze import CozeAPI

coze = CozeAPI(api_key='YOUR_API_KEY')

def example():
    response = coze.chat.create(
        messages=[{
            "role": "user",
            "content": "你好"
        }]
    )
    print(response.content)

example()
