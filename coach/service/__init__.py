"""The one service layer the faces (CLI, API, web, batch, tutor) call: read input, review.
"""
